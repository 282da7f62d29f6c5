// English UI strings, from the contract (shared with the server-rendered HTML). Other locales copy these keys; a
// value is a plain string or a set of plural forms. The strings of what comes after the first paint (forms, votes,
// replies) are in en-extras.ts, in that lazy chunk.
export { EN as en } from "../../worker/contract/labels";
