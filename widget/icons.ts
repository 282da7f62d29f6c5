// The network icons' lazy chunk: <parley-article> shows empty icons of the same size first, and these once they
// arrive. The path data lives in the contract, shared with the server-rendered HTML.
export { iconPath } from "../worker/contract/icons";
