// Site endpoints: the settings as the owner sees them, their changes, token rotation, stats, articles, webhooks
// and the owner's e-mail settings.
import type { ArticleSource, Preview, SiteStats } from "../../worker/contract/dashboard";
import type { DeliveryStatus, MailStatus, Webhook, WebhookDelivery, WebhookEvent, WebhookFormat } from "../../worker/contract/notifications";
import type { SiteSettings } from "../../worker/contract/schemas";
import type { Article, ArticleList } from "../../worker/contract/types";
import { call, query, type Session } from "./client";

export type { ArticleSource, DeliveryStatus, MailStatus, SiteStats, Webhook, WebhookDelivery, WebhookEvent, WebhookFormat };

/** Settings as the owner reads them: the Turnstile secret only as whether it is set. */
export type SettingsView = Omit<SiteSettings, "turnstileSecret"> & { turnstileSecretSet: boolean };

export interface SiteView {
  id: string;
  name: string;
  settings: SettingsView;
  createdAt: string;
  updatedAt: string;
}

/** GET …/settings: also how signing in checks the token. */
export const getSettings = (s: Session) => call<{ site: SiteView }>(s, "GET", "/settings");
/** PATCH …/{site}: only the fields that changed. */
export const updateSettings = (s: Session, patch: Record<string, unknown>) => call<{ site: SiteView }>(s, "PATCH", "", patch);
/** POST …/token: a new owner token, shown once; the old one stops working at once. */
export const rotateToken = (s: Session) => call<{ ownerToken: string }>(s, "POST", "/token");

export const getStats = (s: Session) => call<SiteStats>(s, "GET", "/stats");

export const listArticles = (s: Session, cursor?: string | null) => call<ArticleList>(s, "GET", `/articles${query({ cursor, limit: 100 })}`);
export const getArticleSource = (s: Session, slug: string) =>
  call<{ article: ArticleSource }>(s, "GET", `/articles/${encodeURIComponent(slug)}/source`);
/** PUT …/articles/{slug}; `createOnly` refuses to replace an article the site has (409 ARTICLE_EXISTS). */
export const putArticle = (s: Session, slug: string, article: Record<string, unknown>, createOnly = false) =>
  call<{ article: Article }>(s, "PUT", `/articles/${encodeURIComponent(slug)}`, article, createOnly ? { "if-none-match": "*" } : {});
export const deleteArticle = (s: Session, slug: string) => call<null>(s, "DELETE", `/articles/${encodeURIComponent(slug)}`);
/** POST …/articles/preview: the markdown rendered by the worker exactly as a publish would. */
export const previewArticle = (s: Session, body: string) => call<Preview>(s, "POST", "/articles/preview", { body });

export const listWebhooks = (s: Session) => call<{ webhooks: Webhook[] }>(s, "GET", "/webhooks");
export const createWebhook = (s: Session, hook: { url: string; events: WebhookEvent[]; format: WebhookFormat }) =>
  call<{ webhook: Webhook; secret: string }>(s, "POST", "/webhooks", hook);
export const deleteWebhook = (s: Session, id: string) => call<null>(s, "DELETE", `/webhooks/${encodeURIComponent(id)}`);
/** POST …/resume: un-pauses the webhook and sends what it held, oldest first. */
export const resumeWebhook = (s: Session, id: string) => call<{ webhook: Webhook; released: number }>(s, "POST", `/webhooks/${encodeURIComponent(id)}/resume`);
/** GET …/deliveries: a page of a webhook's deliveries, newest first, of one status (or all), after `cursor`. */
export const listDeliveries = (s: Session, id: string, filter: { status?: DeliveryStatus | ""; cursor?: string | null } = {}) =>
  call<{ deliveries: WebhookDelivery[]; nextCursor: string | null }>(
    s,
    "GET",
    `/webhooks/${encodeURIComponent(id)}/deliveries${query({ limit: 20, status: filter.status, cursor: filter.cursor })}`,
  );
/** GET …/deliveries/{deliveryId}: one delivery as it is now. */
export const getDelivery = (s: Session, id: string, deliveryId: string) =>
  call<{ delivery: WebhookDelivery }>(s, "GET", `/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}`);
/** POST …/deliveries/{deliveryId}/retry: sends a failed delivery again; `retried` is false when it was not failed. */
export const retryDelivery = (s: Session, id: string, deliveryId: string) =>
  call<{ delivery: WebhookDelivery; retried: boolean }>(s, "POST", `/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`);
export const testWebhook = (s: Session, id: string) => call<{ delivery: { status: string; lastError: string | null } }>(s, "POST", `/webhooks/${encodeURIComponent(id)}/test`);

/** GET …/notifications/mail: whether e-mail is sent, the digest address (masked) and whether the digest is on. */
export const getMail = (s: Session) => call<MailStatus>(s, "GET", "/notifications/mail");
/** PUT …/notifications/mail: a new address (null removes it) and the digest switch; answers as the GET. */
export const putMail = (s: Session, change: { email?: string | null; digest?: boolean }) => call<MailStatus>(s, "PUT", "/notifications/mail", change);
/** POST …/notifications/mail/confirmation: e-mails the waiting address its confirmation link again; answers as the GET. */
export const resendMailConfirmation = (s: Session) => call<MailStatus>(s, "POST", "/notifications/mail/confirmation");
