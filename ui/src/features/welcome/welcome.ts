// First start with an empty data dir: offer the demo data.
import { api } from "../../ipc";
import { h, notice } from "../../dom";
import { t } from "../../i18n";

export function welcomeScreen(root: HTMLElement, onDone: (text: string | null) => void, onFestival?: () => void): void {
  const message = h("div", { class: "messages" });
  root.replaceChildren(h("section", { class: "welcome" },
    h("h2", {}, t("welcome.title")), h("p", {}, t("welcome.text")), message,
    h("div", { class: "actions" },
      h("button", { class: "primary", "data-action": "demo", onclick: async () => {
        try {
          const s = await api.loadDemo();
          onDone(t("welcome.loaded", { units: s.units, tariffs: s.tariffs, bookings: s.bookings }));
        } catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
      } }, t("welcome.demo")),
      h("button", { onclick: () => onDone(null) }, t("welcome.empty")),
      onFestival ? h("button", { "data-action": "festival", onclick: () => onFestival() }, t("welcome.festival")) : null)));
}
