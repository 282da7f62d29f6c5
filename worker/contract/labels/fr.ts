// French: the words of what shows before the reader does anything, for the widget's fr chunk and for the
// server-rendered article and thread (/embed, /p), so that a hydrated element paints the same text.
import type { FirstPaintLabels } from "../labels";

export const FR: FirstPaintLabels = {
  comments: { one: "{n} commentaire", other: "{n} commentaires" },
  sort: "Trier par",
  oldest: "Plus anciens",
  newest: "Plus récents",
  top: "Les mieux notés",
  empty: "Aucun commentaire pour l’instant.",
  more: "Afficher plus",
  moreReplies: "Afficher plus de réponses",
  repliesTo: "Réponses à {name}",
  repliesToDeleted: "Réponses à un commentaire supprimé",
  loadFailed: "Chargement impossible.",
  retry: "Réessayer",
  notFound: "Article introuvable.",
  SITE_NOT_FOUND: "Ce site n'est pas enregistré auprès de Parley. Vérifiez l'attribut site de l'élément.",
  ORIGIN_NOT_ALLOWED:
    "L’adresse de cette page ne fait pas partie des origines autorisées du site : Parley ne peut donc ni afficher ni recevoir de commentaires ici.",
  pending: "En attente de modération",
  pinned: "Épinglé",
  deleted: "Commentaire supprimé",
  edited: "(modifié)",
  editedByModerator: "(modifié par la modération)",
  share: "Partager",
  shareOn: "Partager sur {name}",
  THREAD_LOCKED: "Les commentaires sont fermés.",
  email: "E-mail",
  website: "Site web",
  needsScript: "Pour publier un commentaire, JavaScript est nécessaire.",
  codeFailed: "Le formulaire de commentaire n’a pas pu être chargé. Rechargez la page pour réessayer.",
  wholeComment: "Lire le commentaire en entier",
};
