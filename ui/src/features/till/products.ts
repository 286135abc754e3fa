// Produits: what the till sells and gift vouchers pay for — price with VAT, VAT rate,
// where it is offered (A16: caisse, widget, mini-site; none: vouchers only, A12),
// deactivated or offered, deleted only while never sold (A13: the refusal offers
// deactivation instead); its photos (A15: JPEG or PNG, scaled down) and PDF
// attachments (A14). Keyboard: F2 adds; on a row, Entrée edits, Ctrl+M shows its photos
// and PDFs, Ctrl+D deactivates or reactivates, Suppr deletes.
import { api, type ProductEdit, type ProductMedia, type ProductView } from "../../ipc";
import { h, notice } from "../../dom";
import { ask, dialogFields, formDialog } from "../../dialog";
import { amountValue, amountField, check, text, textField, FieldError } from "../../fields";
import { money } from "../../format";
import { t, type Key } from "../../i18n";

/** The channels a product can be offered on, in the order shown. */
export const CHANNELS: { code: string; key: Key }[] = [
  { code: "till", key: "products.till" },
  { code: "widget", key: "products.widget" },
  { code: "mini_site", key: "products.miniSite" },
];

/** The French VAT rates, in hundredths of a percent. */
const RATES = [2000, 1000, 550, 210, 0];

/** 2000 → "20 %", 550 → "5,5 %". */
export function vatLabel(rate: number): string {
  const whole = Math.floor(rate / 100);
  const rest = rate % 100;
  return `${whole}${rest ? `,${String(rest).padStart(2, "0").replace(/0$/, "")}` : ""} %`;
}

/** "Caisse, Widget" or "Bons cadeaux seulement". */
export function channelsLabel(channels: string[]): string {
  if (channels.length === 0) return t("products.vouchersOnly");
  return CHANNELS.filter((c) => channels.includes(c.code)).map((c) => t(c.key)).join(", ");
}

/** The product's fields: name, price, VAT rate (a list), channels (checkboxes). */
function productFields(p: ProductView | null): HTMLFormElement {
  const rates = p && !RATES.includes(p.vat_rate) ? [...RATES, p.vat_rate] : RATES;
  return dialogFields(
    textField({ name: "name", label: t("products.name"), value: p?.name ?? "", required: true, max: 200 }),
    amountField({ name: "price", label: t("products.price"), value: p ? money(p.price).replace(" €", "") : "", required: true }),
    h("label", { class: "required" }, h("span", { class: "field-name" }, t("products.vat")),
      h("select", { name: "vat", "data-label": t("products.vat") },
        ...rates.map((r) => h("option", { value: String(r), selected: r === (p?.vat_rate ?? 2000) }, vatLabel(r))))),
    h("fieldset", { class: "channels" }, h("legend", {}, t("products.channels")),
      ...CHANNELS.map((c) => h("label", { class: "check" },
        h("input", { type: "checkbox", name: `channel-${c.code}`, checked: p ? p.channels.includes(c.code) : c.code === "till" }),
        h("span", {}, t(c.key)))),
      h("small", { class: "hint" }, t("products.channelsHint"))));
}

type Fields = { name: string; price: string; vat: number; channels: string[] };

function readFields(form: HTMLFormElement): Fields {
  const name = text(form, "name");
  const price = amountValue(form, "price");
  if (price === null) throw new FieldError("price", t("field.required", { field: t("products.price") }));
  const vat = Number((form.elements.namedItem("vat") as HTMLSelectElement).value);
  const channels = CHANNELS.filter((c) => (form.elements.namedItem(`channel-${c.code}`) as HTMLInputElement).checked).map((c) => c.code);
  return { name, price, vat, channels };
}

export function productsScreen(root: HTMLElement, onChange: () => void): () => void {
  const message = h("div", { class: "messages" });
  const say = (kind: "ok" | "error", words: string, ...extra: HTMLElement[]) =>
    message.replaceChildren(h("div", { class: "notice-row" }, notice(kind, words), ...extra));
  const table = h("table", { class: "products setup-table" });
  let products: ProductView[] = [];

  const act = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await work();
      say("ok", done);
      await draw();
      onChange();
      return true;
    } catch (error) {
      say("error", (error as Error).message);
      return false;
    }
  };

  /** Asks for a product's fields (a new one when `p` is null); null when the person went back. */
  async function askFields(p: ProductView | null): Promise<Fields | null> {
    const form = productFields(p);
    let read: Fields | null = null;
    const ok = await ask({
      title: p ? t("products.editTitle", { name: p.name }) : t("products.addTitle"),
      text: t("products.formText"), confirm: p ? t("products.save") : t("products.add"), body: form,
      check: () => {
        const r = check(form, () => readFields(form));
        if (!r.ok) return r.message;
        read = r.value;
        return null;
      },
    });
    return ok ? read : null;
  }

  async function add(): Promise<void> {
    const f = await askFields(null);
    if (f) await act(() => api.addProduct(f.name, f.price, f.vat, f.channels), t("products.added", { name: f.name }));
  }

  async function edit(p: ProductView): Promise<void> {
    const f = await askFields(p);
    if (!f) return;
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((c) => b.includes(c));
    const change: ProductEdit = {
      name: f.name === p.name ? null : f.name, price: f.price === p.price ? null : f.price,
      vat_rate: f.vat === p.vat_rate ? null : f.vat, channels: same(f.channels, p.channels) ? null : f.channels, active: null,
    };
    await act(() => api.editProduct(p.id, change), t("products.edited", { name: f.name }));
  }

  async function toggle(p: ProductView): Promise<void> {
    if (p.active) {
      const sure = await ask({ title: t("products.deactivateTitle", { name: p.name }), text: t("products.deactivateText"),
        confirm: t("products.deactivate") });
      if (!sure) return;
    }
    await act(() => api.editProduct(p.id, { name: null, price: null, vat_rate: null, channels: null, active: !p.active }),
      t(p.active ? "products.deactivated" : "products.reactivated", { name: p.name }));
  }

  /** A13: a product once sold is never deleted; the refusal offers deactivation. */
  async function remove(p: ProductView): Promise<void> {
    if (p.sold) {
      const deactivate = p.active && await ask({ title: t("products.removeTitle", { name: p.name }),
        text: t("products.soldText"), confirm: t("products.deactivate") });
      if (!p.active) say("error", t("products.soldInactive", { name: p.name }));
      if (deactivate) await act(() => api.editProduct(p.id, { name: null, price: null, vat_rate: null, channels: null, active: false }),
        t("products.deactivated", { name: p.name }));
      return;
    }
    const sure = await ask({ title: t("products.removeTitle", { name: p.name }), text: t("products.removeText"),
      confirm: t("products.removeGo"), danger: true });
    if (!sure) return;
    const removed = await act(() => api.removeProduct(p.id), t("products.removed", { name: p.name }));
    // Sold meanwhile (on another till): the refusal says so; offer deactivation.
    if (!removed && p.active) {
      message.querySelector(".notice-row")?.append(
        h("button", { "data-action": "deactivate-instead", onclick: () => void toggle(p) }, t("products.deactivate")));
    }
  }

  /** A product's photos and PDFs: shown, reordered, removed; a file added by its path (again and again until Retour). */
  async function mediaDialog(p: ProductView): Promise<void> {
    let media: ProductMedia;
    try { media = await api.productMedia(p.id); } catch (error) { say("error", (error as Error).message); return; }
    const gallery = h("div", { class: "media-gallery" });
    const problems = h("div", { class: "messages" });
    const change = async (work: () => Promise<ProductMedia>) => {
      try { media = await work(); problems.replaceChildren(); draw(); } catch (error) { problems.replaceChildren(notice("error", (error as Error).message)); }
    };
    const draw = () => gallery.replaceChildren(
      h("h4", {}, t("products.photos")),
      media.photos.length === 0 ? h("p", { class: "hint" }, t("products.noPhoto")) : h("ol", { class: "photos" },
        ...media.photos.map(({ view, data_url }) => h("li", { "data-photo": String(view.number) },
          h("img", { src: data_url, alt: view.name, width: 120 }),
          h("small", {}, `${view.width ?? ""}×${view.height ?? ""} · ${Math.ceil(view.size / 1000)} ko`),
          h("span", { class: "row-actions" },
            h("button", { type: "button", title: t("products.photoEarlier"), disabled: view.number === 1,
              onclick: () => void change(() => api.moveProductPhoto(p.id, view.number, view.number - 1)) }, "←"),
            h("button", { type: "button", title: t("products.photoLater"), disabled: view.number === media.photos.length,
              onclick: () => void change(() => api.moveProductPhoto(p.id, view.number, view.number + 1)) }, "→"),
            h("button", { type: "button", title: t("products.mediaRemove"), "data-action": "remove-photo",
              onclick: () => void change(() => api.removeProductMedia(p.id, view.number, false)) }, "✕"))))),
      h("h4", {}, t("products.attachments")),
      media.attachments.length === 0 ? h("p", { class: "hint" }, t("products.noAttachment")) : h("ul", { class: "attachments" },
        ...media.attachments.map((a) => h("li", { "data-attachment": String(a.number) }, `${a.name} (${Math.ceil(a.size / 1000)} ko)`,
          h("button", { type: "button", class: "link", title: t("products.mediaRemove"),
            onclick: () => void change(() => api.removeProductMedia(p.id, a.number, true)) }, "✕")))),
      problems);
    draw();
    for (;;) {
      const added = await formDialog({
        title: t("products.mediaTitle", { name: p.name }), intro: t("products.mediaIntro"), confirm: t("products.mediaAdd"),
        fields: [gallery, textField({ name: "file", label: t("products.mediaFile"), required: true, max: 1000, class: "wide" })],
        read: (form) => text(form, "file", { max: 1000 }),
        submit: (file) => { problems.replaceChildren(); return api.addProductMedia(p.id, file); },
      });
      if (!added) break;
      media = added;
      problems.replaceChildren(notice("ok", t("products.mediaAdded")));
      draw();
    }
  }

  function row(p: ProductView): HTMLElement {
    const keys = (e: Event) => {
      const event = e as KeyboardEvent;
      if (event.target !== event.currentTarget) return;
      if (event.key === "Enter") { event.preventDefault(); void edit(p); }
      if (event.key === "Delete") { event.preventDefault(); void remove(p); }
      if (event.ctrlKey && event.key.toLowerCase() === "d") { event.preventDefault(); void toggle(p); }
      if (event.ctrlKey && event.key.toLowerCase() === "m") { event.preventDefault(); void mediaDialog(p); }
    };
    return h("tr", { "data-product": p.id, class: p.active ? null : "inactive", tabindex: 0, onkeydown: keys },
      h("td", {}, p.name), h("td", { class: "num" }, money(p.price)), h("td", { class: "num" }, vatLabel(p.vat_rate)),
      h("td", {}, channelsLabel(p.channels)),
      h("td", {}, p.active ? t("products.offered") : t("products.inactive"), p.sold ? h("small", { class: "tag" }, t("products.sold")) : null),
      h("td", {}, h("span", { class: "row-actions" },
        h("button", { "data-action": "edit", onclick: () => void edit(p) }, t("products.edit"), h("kbd", {}, "Entrée")),
        h("button", { "data-action": "media", onclick: () => void mediaDialog(p) }, t("products.media"), h("kbd", {}, "Ctrl+M")),
        h("button", { "data-action": "toggle", onclick: () => void toggle(p) },
          t(p.active ? "products.deactivate" : "products.reactivate"), h("kbd", {}, "Ctrl+D")),
        h("button", { class: p.sold ? null : "danger", "data-action": "remove", onclick: () => void remove(p) }, t("products.remove"), h("kbd", {}, "Suppr")))));
  }

  async function draw(): Promise<void> {
    products = await api.products();
    table.replaceChildren(
      h("thead", {}, h("tr", {}, h("th", {}, t("products.name")), h("th", { class: "num" }, t("products.priceCol")),
        h("th", { class: "num" }, t("products.vatCol")), h("th", {}, t("products.channels")), h("th", {}, t("products.state")), h("th", {}, ""))),
      h("tbody", {}, ...(products.length ? products.map(row)
        : [h("tr", {}, h("td", { colspan: 6, class: "hint" }, t("products.none")))])));
  }

  const keys = (event: KeyboardEvent) => {
    if (document.querySelector(".dialog")) return;
    if (event.key === "F2") { event.preventDefault(); void add(); }
  };
  document.addEventListener("keydown", keys);
  root.replaceChildren(h("h2", {}, t("nav.products")), h("p", { class: "hint" }, t("products.keys")), message,
    h("div", { class: "actions products-actions" }, h("button", { class: "primary", "data-action": "add-product", onclick: () => void add() },
      t("products.add"), h("kbd", {}, "F2"))),
    table);
  void draw().catch((error) => say("error", (error as Error).message));
  return () => document.removeEventListener("keydown", keys);
}
