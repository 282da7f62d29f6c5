// Arabic: the words of what shows before the reader does anything, for the widget's ar chunk and for the
// server-rendered article and thread (/embed, /p), so that a hydrated element paints the same text.
import type { FirstPaintLabels } from "../labels";

export const AR: FirstPaintLabels = {
  comments: {
    zero: "لا توجد تعليقات",
    one: "تعليق واحد",
    two: "تعليقان",
    few: "{n} تعليقات",
    many: "{n} تعليقًا",
    other: "{n} تعليق",
  },
  sort: "ترتيب حسب",
  oldest: "الأقدم",
  newest: "الأحدث",
  top: "الأكثر تأييدًا",
  empty: "لا توجد تعليقات بعد.",
  more: "تحميل المزيد",
  moreReplies: "عرض المزيد من الردود",
  loadFailed: "تعذّر التحميل.",
  retry: "إعادة المحاولة",
  notFound: "المقال غير موجود.",
  SITE_NOT_FOUND: "هذا الموقع غير مسجّل في Parley. تحقّق من السمة site في العنصر.",
  ORIGIN_NOT_ALLOWED: "عنوان هذه الصفحة ليس ضمن المصادر المسموح بها للموقع، لذلك لا يستطيع Parley عرض التعليقات أو استقبالها هنا.",
  pending: "بانتظار المراجعة",
  pinned: "مثبّت",
  deleted: "تم حذف التعليق",
  edited: "(معدّل)",
  editedByModerator: "(عدّله المشرف)",
  share: "مشاركة",
  shareOn: "مشاركة على {name}",
  THREAD_LOCKED: "التعليقات مغلقة.",
  email: "البريد الإلكتروني",
  website: "الموقع الإلكتروني",
  needsScript: "يتطلب نشر تعليق تفعيل JavaScript.",
  codeFailed: "تعذّر تحميل نموذج التعليق. أعد تحميل الصفحة للمحاولة مجددًا.",
  wholeComment: "اقرأ التعليق كاملًا",
};
