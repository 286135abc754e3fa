// Catches every key the window receives, with its instant, and hands the sequence to
// the Rust side at each Enter or Tab: it alone decides what was a scanner's burst
// (guichet-devices keyboard.rs). What a burst typed into a focused field is taken out.
import type { Stroke } from "../../ipc";

/** Returns true when it took the sequence: its Enter then goes no further (no button pressed). */
export type OnSequence = (strokes: Stroke[], undo: () => void) => void | boolean;

/** `keepTab`: a Tab still moves the focus (screens with forms, where no gate is open). */
export function catchKeystrokes(onSequence: OnSequence, { keepTab = false } = {}): () => void {
  let strokes: Stroke[] = [];
  let field: HTMLInputElement | null = null;
  let before = "";
  let last = 0;
  const listener = (event: KeyboardEvent) => {
    const at = Math.round(performance.now());
    // A long pause starts a new sequence: remember the focused field's text first.
    if (at - last > 1000) {
      strokes = [];
      field = document.activeElement instanceof HTMLInputElement ? document.activeElement : null;
      before = field?.value ?? "";
    }
    last = at;
    if (event.key === "Enter" || event.key === "Tab") {
      strokes.push({ key: { kind: event.key === "Enter" ? "enter" : "tab" }, at_ms: at });
      const sequence = strokes;
      const target = field;
      const text = before;
      strokes = [];
      last = 0;
      const taken = onSequence(sequence, () => { if (target) target.value = text; });
      if (taken === true) { event.preventDefault(); event.stopPropagation(); }
      if (event.key === "Tab" && !keepTab) event.preventDefault();
    } else if (event.key.length === 1) {
      strokes.push({ key: { kind: "char", char: event.key }, at_ms: at });
    }
  };
  document.addEventListener("keydown", listener, true);
  return () => document.removeEventListener("keydown", listener, true);
}
