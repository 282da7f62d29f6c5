// Portuguese: the words of what shows before the reader does anything, for the widget's pt chunk and for the
// server-rendered article and thread (/embed, /p), so that a hydrated element paints the same text.
import type { FirstPaintLabels } from "../labels";

export const PT: FirstPaintLabels = {
  comments: { one: "{n} comentário", other: "{n} comentários" },
  sort: "Ordenar por",
  oldest: "Mais antigos",
  newest: "Mais recentes",
  top: "Mais votados",
  empty: "Ainda não há comentários.",
  more: "Carregar mais",
  moreReplies: "Mostrar mais respostas",
  repliesTo: "Respostas a {name}",
  repliesToDeleted: "Respostas a um comentário excluído",
  loadFailed: "Não foi possível carregar.",
  retry: "Tentar novamente",
  notFound: "Artigo não encontrado.",
  SITE_NOT_FOUND: "Este site não está registrado no Parley. Verifique o atributo site do elemento.",
  ORIGIN_NOT_ALLOWED:
    "O endereço desta página não está entre as origens permitidas do site, por isso o Parley não pode mostrar nem receber comentários aqui.",
  pending: "Aguardando moderação",
  pinned: "Fixado",
  deleted: "Comentário excluído",
  edited: "(editado)",
  editedByModerator: "(editado pela moderação)",
  share: "Compartilhar",
  shareOn: "Compartilhar no {name}",
  THREAD_LOCKED: "Os comentários estão encerrados.",
  email: "E-mail",
  website: "Site",
  needsScript: "Para publicar um comentário é preciso JavaScript.",
  codeFailed: "Não foi possível carregar o formulário de comentários. Recarregue a página para tentar de novo.",
  wholeComment: "Ler o comentário completo",
};
