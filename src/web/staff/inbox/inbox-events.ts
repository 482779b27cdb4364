// The Inbox count in the staff menu is read again when a check-in is handled on the Inbox page,
// not only on the next page change: the count a person sees matches the list in front of them.
const INBOX_CHANGED = "remodel:inbox-changed";

export function announceInboxChanged(): void {
  window.dispatchEvent(new Event(INBOX_CHANGED));
}

/** Calls `listener` on each change; returns the unsubscribe. */
export function onInboxChanged(listener: () => void): () => void {
  window.addEventListener(INBOX_CHANGED, listener);
  return () => window.removeEventListener(INBOX_CHANGED, listener);
}
