// Spanish: the words of what shows before the reader does anything, for the widget's es chunk and for the
// server-rendered article and thread (/embed, /p), so that a hydrated element paints the same text.
import type { FirstPaintLabels } from "../labels";

export const ES: FirstPaintLabels = {
  comments: { one: "{n} comentario", other: "{n} comentarios" },
  sort: "Ordenar por",
  oldest: "Más antiguos",
  newest: "Más recientes",
  top: "Más votados",
  empty: "Todavía no hay comentarios.",
  more: "Cargar más",
  moreReplies: "Mostrar más respuestas",
  repliesTo: "Respuestas a {name}",
  repliesToDeleted: "Respuestas a un comentario eliminado",
  loadFailed: "No se pudo cargar.",
  retry: "Reintentar",
  notFound: "Artículo no encontrado.",
  SITE_NOT_FOUND: "Este sitio no está registrado en Parley. Revise el atributo site del elemento.",
  ORIGIN_NOT_ALLOWED:
    "La dirección de esta página no está entre los orígenes permitidos del sitio, así que Parley no puede mostrar ni recibir comentarios aquí.",
  pending: "Pendiente de moderación",
  pinned: "Fijado",
  deleted: "Comentario eliminado",
  edited: "(editado)",
  editedByModerator: "(editado por la moderación)",
  share: "Compartir",
  shareOn: "Compartir en {name}",
  THREAD_LOCKED: "Los comentarios están cerrados.",
  email: "Correo electrónico",
  website: "Sitio web",
  needsScript: "Para publicar un comentario hace falta JavaScript.",
  codeFailed: "No se pudo cargar el formulario de comentarios. Recarga la página para intentarlo de nuevo.",
  wholeComment: "Leer el comentario completo",
};
