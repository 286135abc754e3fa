// Conflits, the sync inbox: what two devices did offline that could not both stand,
// each with what, where, when, whom it concerns and its state. A person settles each:
// « Pris en compte » for any; for a refused booking, also cancelling the booking that
// holds the nights (asked once, saying what will happen). Settling is an operation:
// every device learns it.
import { api, onSyncChanged, type ConflictView, type Settle, type SyncStatus, type UnitView } from "../../ipc";
import { moveDialog } from "../planning/booking-file";
import { h, notice } from "../../dom";
import { addDays, date, dateTime, money } from "../../format";
import { plural, t, type Key } from "../../i18n";

/** A refused booking's facts (`booking_overlap`), as the server stated them. */
interface Overlap { booking: string; unit: string; start: string; nights: number; guest: string; other: string; other_guest: string }
/** A second admission's facts (`duplicate_scan`). */
interface DuplicateScan { code: string; first_device_name: string; first_at: string }
/** A voucher's second redemption's facts (`voucher_overdraw`). */
interface VoucherOverdraw { code: string; amount: string; first_device_name: string; first_at: string }
/** An oversold session's facts (`oversold`). */
interface Oversold { capacity: number; sold: number }

const KINDS = ["duplicate_scan", "booking_overlap", "oversold", "edit_clash", "refused", "voucher_overdraw"];

/** Where a refused booking's nights are, for people: unit name and dates. */
function stayOf(fact: Overlap, units: UnitView[]): Record<string, string | number> {
  return {
    unit: units.find((u) => u.id === fact.unit)?.name ?? t("conflicts.unknownUnit"),
    from: date(fact.start), to: date(addDays(fact.start, fact.nights)), nights: plural(fact.nights, "nights.one", "nights.many"),
    guest: fact.guest, other: fact.other_guest,
  };
}

/** What happened, in the window's language; the server's French summary otherwise. */
function what(c: ConflictView, units: UnitView[]): string {
  switch (c.kind) {
    case "duplicate_scan": {
      const fact = c.fact as unknown as DuplicateScan;
      return t("conflicts.duplicateScan", { first: dateTime(fact.first_at), firstDevice: fact.first_device_name });
    }
    case "booking_overlap": return t("conflicts.bookingOverlap", stayOf(c.fact as unknown as Overlap, units));
    case "oversold": {
      const fact = c.fact as unknown as Oversold;
      return t("conflicts.oversold", { over: fact.sold - fact.capacity, sold: fact.sold, capacity: fact.capacity });
    }
    case "voucher_overdraw": {
      const fact = c.fact as unknown as VoucherOverdraw;
      return t("conflicts.voucherOverdraw", { first: dateTime(fact.first_at), firstDevice: fact.first_device_name, amount: money(fact.amount) });
    }
    default: return c.summary;
  }
}

/** Whom it concerns: the guests of a refused booking, the ticket scanned twice. */
function who(c: ConflictView): string | null {
  if (c.kind === "booking_overlap") {
    const fact = c.fact as unknown as Overlap;
    return t("conflicts.guests", { guest: fact.guest, other: fact.other_guest });
  }
  if (c.kind === "duplicate_scan") return t("conflicts.ticket", { code: (c.fact as unknown as DuplicateScan).code });
  if (c.kind === "voucher_overdraw") return t("conflicts.voucher", { code: (c.fact as unknown as VoucherOverdraw).code });
  return null;
}

/** The Conflits screen; `onChange` after a settlement (the status and its badge). */
export function conflictsScreen(root: HTMLElement, onChange: () => void): () => void {
  const message = h("div", { class: "messages" });
  const list = h("div", { class: "conflicts" });
  const say = (kind: "ok" | "error", text: string) => message.replaceChildren(notice(kind, text));

  async function settle(c: ConflictView, how: Settle): Promise<void> {
    try {
      await api.settleConflict(c.id, how);
      say("ok", t("conflicts.done"));
      await draw();
      onChange();
    } catch (error) { say("error", (error as Error).message); }
  }

  /** The refused booking placed again elsewhere: the booking file's move, then settled. */
  async function moveRefused(c: ConflictView, fact: Overlap, units: UnitView[]): Promise<void> {
    try {
      const file = await api.bookingFile(fact.booking);
      const moved = await moveDialog(file, units, async (unit, from, nights, price) => {
        await api.settleConflict(c.id, { how: "move_booking", booking: fact.booking, unit, from, nights, price });
      });
      if (moved) {
        say("ok", t("conflicts.moved", { guest: fact.guest }));
        await draw();
        onChange();
      }
    } catch (error) { say("error", (error as Error).message); }
  }

  /** Cancelling the booking that holds the nights: asked once, saying what happens. */
  function askCancel(c: ConflictView, fact: Overlap, units: UnitView[], actions: HTMLElement): void {
    const stay = stayOf(fact, units);
    const back = h("button", { "data-action": "back", onclick: () => void draw() }, t("conflicts.back"));
    const confirm = h("button", { class: "danger", "data-action": "confirm-cancel", onclick: () => void settle(c, { how: "cancel_booking", booking: fact.other }) },
      t("conflicts.confirm", stay));
    actions.replaceChildren(h("div", { class: "confirm", role: "alertdialog" },
      h("p", {}, t("conflicts.cancelWhat", stay)), h("div", { class: "actions" }, confirm, back)));
    confirm.focus();
  }

  function card(c: ConflictView, status: SyncStatus, units: UnitView[]): HTMLElement {
    const open = c.settled_at === null;
    const device = (c.device === status.device
      ? t("conflicts.thisDevice", { name: status.device_name })
      : c.device_name ?? t("conflicts.otherDevice")) + (c.by ? ` · ${t("conflicts.by", { name: c.by })}` : "");
    const concerns = who(c);
    const state = open ? t("conflicts.open")
      : t("conflicts.settled", { at: dateTime(c.settled_at ?? ""), how: t(`conflicts.how.${c.settled_how === "booking_cancelled" || c.settled_how === "booking_moved" ? c.settled_how : "acknowledged"}`) });
    const actions = h("div", { class: "actions" });
    if (open) {
      actions.append(h("button", { class: "primary", "data-action": "acknowledge", onclick: () => void settle(c, { how: "acknowledge" }) },
        t("conflicts.acknowledge")));
      if (c.kind === "booking_overlap") {
        const fact = c.fact as unknown as Overlap;
        actions.append(h("button", { "data-action": "move-refused", onclick: () => void moveRefused(c, fact, units) },
          t("conflicts.moveRefused", { guest: fact.guest })));
        actions.append(h("button", { "data-action": "cancel-other", onclick: () => askCancel(c, fact, units, actions) },
          t("conflicts.cancelOther", { other: fact.other_guest })));
      }
    }
    const row = (label: Key, value: string) => [h("dt", {}, t(label)), h("dd", {}, value)];
    return h("article", { class: `conflict ${open ? "open" : "settled"}`, "data-conflict": c.id, "data-kind": c.kind },
      h("h3", {}, KINDS.includes(c.kind) ? t(`conflicts.kind.${c.kind}` as Key) : c.kind),
      h("p", { class: "what" }, what(c, units)),
      h("dl", {}, ...row("conflicts.where", device), ...row("conflicts.when", dateTime(c.at)),
        ...(concerns ? row("conflicts.who", concerns) : []), ...row("conflicts.state", state)),
      open ? actions : null);
  }

  async function draw(): Promise<void> {
    const [conflicts, status, units] = await Promise.all([api.conflicts(), api.syncStatus(), api.units("back_office")]);
    list.replaceChildren(...(conflicts.length === 0 ? [h("p", { class: "hint" }, t("conflicts.none"))]
      : conflicts.map((c) => card(c, status, units))));
  }

  root.replaceChildren(h("h2", {}, t("nav.conflicts")), h("p", { class: "hint" }, t("conflicts.help")), message, list);
  const failed = (error: unknown) => say("error", (error as Error).message);
  void draw().catch(failed);
  // Conflicts pulled from the server while the screen is open appear at once (not
  // under a question being asked).
  const unlisten = onSyncChanged(() => {
    if (!list.querySelector(".confirm")) void draw().catch(failed);
  });
  return () => void unlisten.then((stop) => stop()).catch(() => undefined);
}
