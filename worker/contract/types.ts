// Response shapes of the public API. The widget imports these with `import type` only.
import type { Doc } from "./doc";
import type { NETWORKS } from "./schemas";

export type Network = (typeof NETWORKS)[number];

export interface SocialLink {
  network: Network;
  url: string;
  label?: string;
}

export interface PublicSite {
  id: string;
  name: string;
  links: SocialLink[];
  locale: string;
}

export type CommentStatus = "published" | "pending" | "rejected" | "spam" | "deleted";

export interface PublicComment {
  id: string;
  parentId: string | null;
  authorName: string;
  body: Doc;
  createdAt: string;
  editedAt: string | null;
  status: CommentStatus;
  replies: PublicComment[];
}

export interface ThreadPage {
  thread: { key: string; locked: boolean };
  sort: "oldest" | "newest";
  comments: PublicComment[];
  nextCursor: string | null;
  total: number;
}

export interface PostCommentResult {
  comment: PublicComment;
  editToken: string;
}

export interface ArticleSummary {
  slug: string;
  title: string;
  author: string | null;
  publishedAt: string;
  image: string | null;
}

export interface Article extends ArticleSummary {
  body: Doc;
  links: SocialLink[];
  commentCount: number;
  locked: boolean;
}

export interface ArticleList {
  articles: ArticleSummary[];
  nextCursor: string | null;
}

export interface Counts {
  counts: Record<string, number>;
}
