// French display of amounts, dates and times (ux.md): 1 100,00 €, 26/11/2026, 19:05.
// Amounts arrive as decimal strings ("1100.00") and are never turned into floats.
import { t } from "./i18n";

/** "-1100.5" → ["-1 100", "50"]: thousands grouped, cents on two digits. */
function parts(amount: string): [string, string] {
  const negative = amount.startsWith("-");
  const [whole, cents = "00"] = amount.replace("-", "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return [`${negative ? "-" : ""}${grouped}`, cents.padEnd(2, "0").slice(0, 2)];
}

/** "1100.00" → "1 100,00 €" */
export function money(amount: string): string {
  const [whole, cents] = parts(amount);
  return `${whole},${cents} €`;
}

/** "1100.00" → "1 100" (whole euros, for narrow planning cells); "95.50" → "95,50". */
export function euros(amount: string): string {
  const [whole, cents] = parts(amount);
  return cents === "00" ? whole : `${whole},${cents}`;
}

/** "2026-11-26" → "26/11/2026" */
export function date(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/** The provider's time zone: instants show in it whatever the machine's zone (rules.md). */
export const PROVIDER_ZONE = "Europe/Paris";

/** An RFC 3339 instant → "19:05" in the provider's zone. */
export function time(instant: string): string {
  return new Date(instant).toLocaleTimeString("fr-FR", { timeZone: PROVIDER_ZONE, hour: "2-digit", minute: "2-digit" });
}

/** An RFC 3339 instant → "26/11/2026 20:30" in the provider's zone. */
export function dateTime(instant: string): string {
  const at = new Date(instant);
  const day = at.toLocaleDateString("fr-FR", { timeZone: PROVIDER_ZONE, day: "2-digit", month: "2-digit", year: "numeric" });
  return `${day} ${time(instant)}`;
}

/**
 * How long ago `instant` was at `now` (both RFC 3339, on the application's clock):
 * "à l'instant", "il y a 2 min", "il y a 3 h", then "le 26/11/2026 20:30".
 */
export function ago(instant: string, now: string): string {
  const minutes = Math.floor(Math.max(0, Date.parse(now) - Date.parse(instant)) / 60_000);
  if (minutes < 1) return t("ago.now");
  if (minutes < 60) return t("ago.minutes", { n: minutes });
  if (minutes < 24 * 60) return t("ago.hours", { n: Math.floor(minutes / 60) });
  return t("ago.long", { at: dateTime(instant) });
}

/** Milliseconds left → "59:07" (never negative). */
export function countdown(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

/** A civil date plus `days` days, as "YYYY-MM-DD" (UTC arithmetic, no zone shifts). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return next.toISOString().slice(0, 10);
}

/** Today's civil date on this machine, "YYYY-MM-DD". */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/** Weekday initial in the current language, Monday first. */
export function weekday(iso: string, lang: "fr" | "en"): string {
  const [y, m, d] = iso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (lang === "fr" ? ["D", "L", "M", "M", "J", "V", "S"] : ["S", "M", "T", "W", "T", "F", "S"])[day];
}

/** "novembre 2026" / "November 2026" */
export function monthTitle(iso: string, lang: "fr" | "en"): string {
  const [y, m] = iso.split("-").map(Number);
  const fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
  const en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return `${(lang === "fr" ? fr : en)[m - 1]} ${y}`;
}
