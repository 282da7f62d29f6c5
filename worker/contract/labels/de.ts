// German: the words of what shows before the reader does anything, for the widget's de chunk and for the
// server-rendered article and thread (/embed, /p), so that a hydrated element paints the same text.
import type { FirstPaintLabels } from "../labels";

export const DE: FirstPaintLabels = {
  comments: { one: "{n} Kommentar", other: "{n} Kommentare" },
  sort: "Sortieren nach",
  oldest: "Älteste",
  newest: "Neueste",
  top: "Beliebteste",
  empty: "Noch keine Kommentare.",
  more: "Mehr laden",
  moreReplies: "Weitere Antworten anzeigen",
  repliesTo: "Antworten an {name}",
  repliesToDeleted: "Antworten auf einen gelöschten Kommentar",
  loadFailed: "Konnte nicht geladen werden.",
  retry: "Erneut versuchen",
  notFound: "Artikel nicht gefunden.",
  SITE_NOT_FOUND: "Diese Website ist bei Parley nicht registriert. Prüfen Sie das Attribut site des Elements.",
  ORIGIN_NOT_ALLOWED:
    "Die Adresse dieser Seite gehört nicht zu den erlaubten Ursprüngen der Website, daher kann Parley hier keine Kommentare zeigen oder annehmen.",
  pending: "Wartet auf Freigabe",
  pinned: "Angeheftet",
  deleted: "Kommentar gelöscht",
  edited: "(bearbeitet)",
  editedByModerator: "(von der Moderation bearbeitet)",
  share: "Teilen",
  shareOn: "Auf {name} teilen",
  THREAD_LOCKED: "Die Kommentare sind geschlossen.",
  email: "E-Mail",
  website: "Website",
  needsScript: "Zum Kommentieren wird JavaScript benötigt.",
  codeFailed: "Das Kommentarformular konnte nicht geladen werden. Lade die Seite neu, um es erneut zu versuchen.",
  wholeComment: "Den ganzen Kommentar lesen",
};
