// Chinese: the words of what shows before the reader does anything, for the widget's zh chunk and for the
// server-rendered article and thread (/embed, /p), so that a hydrated element paints the same text.
import type { FirstPaintLabels } from "../labels";

export const ZH: FirstPaintLabels = {
  comments: { other: "{n} 条评论" },
  sort: "排序方式",
  oldest: "最早",
  newest: "最新",
  top: "最热",
  empty: "还没有评论。",
  more: "加载更多",
  moreReplies: "显示更多回复",
  repliesTo: "对 {name} 的回复",
  repliesToDeleted: "对已删除评论的回复",
  loadFailed: "无法加载。",
  retry: "重试",
  notFound: "未找到文章。",
  SITE_NOT_FOUND: "此网站未在 Parley 注册。请检查元素的 site 属性。",
  ORIGIN_NOT_ALLOWED: "此页面的地址不在该网站允许的来源之内,因此 Parley 无法在这里显示或接收评论。",
  pending: "等待审核",
  pinned: "已置顶",
  deleted: "评论已删除",
  edited: "(已编辑)",
  editedByModerator: "(已由管理员编辑)",
  share: "分享",
  shareOn: "分享到 {name}",
  THREAD_LOCKED: "评论已关闭。",
  email: "电子邮件",
  website: "网站",
  needsScript: "发表评论需要 JavaScript。",
  codeFailed: "无法加载评论表单。请重新加载页面后再试。",
  wholeComment: "阅读完整评论",
};
