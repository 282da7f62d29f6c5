// Japanese: the words of what shows before the reader does anything, for the widget's ja chunk and for the
// server-rendered article and thread (/embed, /p), so that a hydrated element paints the same text.
import type { FirstPaintLabels } from "../labels";

export const JA: FirstPaintLabels = {
  comments: { other: "コメント {n} 件" },
  sort: "並べ替え",
  oldest: "古い順",
  newest: "新しい順",
  top: "人気順",
  empty: "まだコメントはありません。",
  more: "さらに読み込む",
  moreReplies: "さらに返信を表示",
  repliesTo: "{name} さんへの返信",
  repliesToDeleted: "削除されたコメントへの返信",
  loadFailed: "読み込めませんでした。",
  retry: "再試行",
  notFound: "記事が見つかりません。",
  SITE_NOT_FOUND: "このサイトは Parley に登録されていません。要素の site 属性を確認してください。",
  ORIGIN_NOT_ALLOWED: "このページのアドレスはサイトで許可されたオリジンに含まれていないため、Parley はここでコメントを表示・受け付けできません。",
  pending: "承認待ち",
  pinned: "固定",
  deleted: "削除されたコメント",
  edited: "(編集済み)",
  editedByModerator: "(モデレーターが編集)",
  share: "共有",
  shareOn: "{name} で共有",
  THREAD_LOCKED: "コメントの受け付けは終了しました。",
  email: "メール",
  website: "ウェブサイト",
  needsScript: "コメントを投稿するには JavaScript が必要です。",
  codeFailed: "コメントフォームを読み込めませんでした。ページを再読み込みしてもう一度お試しください。",
  wholeComment: "コメントの全文を読む",
};
