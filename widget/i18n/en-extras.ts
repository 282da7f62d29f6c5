// English strings that only the thread's lazy chunk uses (forms, votes, replies, permalinks): esbuild splits by
// file, so they need their own.
/** The comment, reply and edit forms, editing or deleting one's own comment, votes and long reply chains. */
export const enExtras = {
  reply: "Reply",
  cancel: "Cancel",
  post: "Post",
  posting: "Posting…",
  comment: "Comment",
  placeholder: "Join the discussion…",
  authorName: "Name",
  authorEmail: "Email (optional, not shown publicly)",
  honeypot: "Leave this empty",
  required: "Required.",
  tooLong: "At most {n} characters.",
  edit: "Edit",
  delete: "Delete",
  deleteAsk: "Delete this comment?",
  replyingTo: "Replying to {name}",
  markdownHint: "Markdown works: **bold**, *italic*, `code`, [link](https://…), > quote.",
  deleteYes: "Yes, delete",
  save: "Save",
  saving: "Saving…",
  editableFor: { one: "Editable for {n} more minute", other: "Editable for {n} more minutes" },
  // The upvote button's accessible name; it shows the count beside an arrow, so the name holds the number as a word.
  upvote: { one: "Upvote, {n} vote", other: "Upvote, {n} votes" },
  hideReplies: "Hide replies ({n})",
  showReplies: { one: "Show {n} reply", other: "Show {n} replies" },
  // Under a long comment, which shows folded.
  showMore: "Show more",
  showLess: "Show less",
  inReplyTo: "in reply to {name}",
  someone: "a deleted comment",
  // Said by the polite live region after the reader's own actions.
  postedSaid: "Comment posted.",
  pendingSaid: "Your comment is awaiting moderation.",
  updatedSaid: "Comment updated.",
  // "Notify me of replies": the box beside the e-mail field, and what the reader is told after posting with it ticked.
  notifyMe: "Notify me of replies by email",
  notifyConfirm: "Check your inbox: confirm the email we just sent you, and replies to this comment will come by email.",
  notifyOn: "You will get an email when someone replies to this comment.",
  // Error codes with a message of their own; for any other code the API's own (English) message shows.
  // {n} is the number of seconds to wait; `wait` stands in when the API did not say.
  VALIDATION_FAILED: "Please check what you entered.",
  FORM_TOKEN_INVALID: "This form has expired. Please send it again.",
  TOO_FAST: { one: "That was quick! Please wait {n} second, then send again.", other: "That was quick! Please wait {n} seconds, then send again." },
  RATE_LIMITED: { one: "Too many comments right now. Try again in {n} second.", other: "Too many comments right now. Try again in {n} seconds." },
  wait: "Please wait a moment, then send again.",
  DUPLICATE_COMMENT: "You already posted this comment.",
  BANNED: "You can no longer comment on this site.",
  TURNSTILE_FAILED: "Please complete the challenge, then send again.",
  EDIT_WINDOW_CLOSED: "This comment can no longer be edited.",
  ALREADY_VOTED: "This comment already has all the votes allowed from your network.",
  COMMENT_NOT_FOUND: "This comment is no longer there.",
  voteFailed: "Your vote could not be saved.",
  NETWORK_ERROR: "Network error. Your text is kept.",
  BAD_RESPONSE: "Something went wrong.",
};
