// Copying what the owner needs elsewhere (an article's embed code, a webhook's signing secret) to the clipboard.

/**
 * Copies `text`. Where the clipboard is refused (no permission, a page not on HTTPS), selects `shown`, the element
 * that shows it, so the owner can copy it by hand. Answers what to tell the owner.
 */
export async function copy(text: string, shown: HTMLElement | null | undefined): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return "Copied.";
  } catch {
    if (shown instanceof HTMLTextAreaElement) shown.select();
    else if (shown) getSelection()?.selectAllChildren(shown);
    return "Selected: copy it with Ctrl+C or ⌘C.";
  }
}
