// The only module that talks to the Rust side. Every command is a 1:1 adapter over
// a guichet-app use case; the types come from Rust (ts-rs, ./bindings).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { DeviceStatus } from "./bindings/DeviceStatus";
import type { AppError } from "./bindings/AppError";
import type { BookingView } from "./bindings/BookingView";
import type { HoldView } from "./bindings/HoldView";
import type { PlanningView } from "./bindings/PlanningView";
import type { QuoteView } from "./bindings/QuoteView";
import type { SettingsView } from "./bindings/SettingsView";
import type { TariffPlan } from "./bindings/TariffPlan";
import type { TariffView } from "./bindings/TariffView";
import type { UnitView } from "./bindings/UnitView";
import type { DemoSummary } from "./bindings/DemoSummary";
import type { Calibration } from "./bindings/Calibration";
import type { IssuedView } from "./bindings/IssuedView";
import type { RecentScanView } from "./bindings/RecentScanView";
import type { ScanView } from "./bindings/ScanView";
import type { SessionView } from "./bindings/SessionView";
import type { Stroke } from "./bindings/Stroke";
import type { TicketBookingView } from "./bindings/TicketBookingView";
import type { TicketProductView } from "./bindings/TicketProductView";
import type { OrganizerView } from "./bindings/OrganizerView";
import type { EventView } from "./bindings/EventView";
import type { Preview } from "./bindings/Preview";
import type { Progress } from "./bindings/Progress";
import type { BackupSummary } from "./bindings/BackupSummary";
import type { RestoreSummary } from "./bindings/RestoreSummary";
import type { ConflictView } from "./bindings/ConflictView";
import type { Enrolled } from "./bindings/Enrolled";
import type { SyncProgress } from "./bindings/SyncProgress";
import type { SyncReport } from "./bindings/SyncReport";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { BookingFileView } from "./bindings/BookingFileView";
import type { CustomerView } from "./bindings/CustomerView";
import type { CustomerDetails } from "./bindings/CustomerDetails";
import type { ConditionsView } from "./bindings/ConditionsView";
import type { TemplateView } from "./bindings/TemplateView";
import type { Rendered } from "./bindings/Rendered";
import type { HistoryView } from "./bindings/HistoryView";
import type { PaymentView } from "./bindings/PaymentView";
import type { Party } from "./bindings/Party";
import type { UnitEdit } from "./bindings/UnitEdit";
import type { Settle } from "./bindings/Settle";
import type { PlanningCell } from "./bindings/PlanningCell";
import type { OperatorView } from "./bindings/OperatorView";
import type { Role } from "./bindings/Role";
import type { WhoView } from "./bindings/WhoView";
import type { Identity } from "./bindings/Identity";
import type { Cart } from "./bindings/Cart";
import type { CartPayment } from "./bindings/CartPayment";
import type { CartQuote } from "./bindings/CartQuote";
import type { SaleView } from "./bindings/SaleView";
import type { TillView } from "./bindings/TillView";

export type { Cart, CartPayment, CartQuote, SaleView, TillView };
export type { CustomerView, CustomerDetails, ConditionsView, TemplateView, Rendered };
import type { ProductView } from "./bindings/ProductView";
import type { ProductMedia } from "./bindings/ProductMedia";
import type { ProductEdit } from "./bindings/ProductEdit";
import type { VoucherView } from "./bindings/VoucherView";
import type { VoucherEventView } from "./bindings/VoucherEventView";
import type { SoldVoucher } from "./bindings/SoldVoucher";
import type { RedeemedVoucher } from "./bindings/RedeemedVoucher";
import type { ExportDone } from "./bindings/ExportDone";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportKind } from "./bindings/ExportKind";
import type { VoucherReport } from "./bindings/VoucherReport";
import type { VoucherReportLine } from "./bindings/VoucherReportLine";
import type { TransactionImport } from "./bindings/TransactionImport";
import type { GatewayView } from "./bindings/GatewayView";
import type { GatewayFieldView } from "./bindings/GatewayFieldView";
import type { MailView } from "./bindings/MailView";
import type { MailRound } from "./bindings/MailRound";
import type { SmtpSettings } from "./bindings/SmtpSettings";
import type { SmtpSettingsInput } from "./bindings/SmtpSettingsInput";

export type { MailView, MailRound, SmtpSettings, SmtpSettingsInput };

export type { ExportDone, ExportFormat, ExportKind, VoucherReport, VoucherReportLine, TransactionImport, GatewayView, GatewayFieldView };
import type { ImportKind } from "./bindings/ImportKind";
import type { ImportReport } from "./bindings/ImportReport";
import type { GuestQuery } from "./bindings/GuestQuery";
import type { GuestExport } from "./bindings/GuestExport";
import type { Anonymised } from "./bindings/Anonymised";
import type { CustomerRecord } from "./bindings/CustomerRecord";
export type { ImportKind, ImportReport, GuestQuery, GuestExport, Anonymised, CustomerRecord };
import type { InvoiceView } from "./bindings/InvoiceView";
export type { InvoiceView };
import type { CalendarSourceView } from "./bindings/CalendarSourceView";
import type { ImportView } from "./bindings/ImportView";
import type { CalendarRound } from "./bindings/CalendarRound";
export type { CalendarSourceView, ImportView, CalendarRound };
/** How VAT is charged on invoices (B3). */
export type VatRegime = "franchise" | "charged";

// The payout reconciliation (guichet_core::payout, rule O3), as it crosses the IPC:
// amounts as decimal strings, days as "2026-12-02". Written here by hand: core does
// not depend on ts-rs.
/** What does not match, in French (`message`). */
export interface PayoutDifference {
  kind: "unknown_transaction" | "amount_differs" | "date_differs" | "fee_differs" | "net_differs"
    | "wrong_payout_date" | "duplicate_transaction" | "not_paid_out";
  line: number | null; transaction: string; expected: string | null; actual: string | null; message: string;
}
/** A payout line and its transaction. */
export interface PayoutLine {
  line: number; transaction: string; paid_on: string; amount: string; fee: string; net: string;
  known: boolean; expected_net: string | null; expected_payout_date: string | null; matched: boolean;
}
/** A PAYOUT-… of the statement. */
export interface PayoutMatch {
  reference: string; date: string; expected_date: string | null; transactions: PayoutLine[];
  expected_net: string; paid_net: string; difference: string; differences: PayoutDifference[]; matched: boolean;
}
/** A known transaction paid out nowhere. */
export interface NotPaidOut {
  transaction: string; paid_on: string; amount: string; expected_net: string; expected_payout_date: string | null; message: string;
}
/** A statement reconciled with the known transactions. */
export interface Reconciliation { payouts: PayoutMatch[]; not_paid_out: NotPaidOut[]; difference_count: number; matched: boolean }

export type { Identity, OperatorView, Role, WhoView };
export type { ProductMedia, ProductView, ProductEdit, VoucherView, VoucherEventView, SoldVoucher, RedeemedVoucher };

/** How a voucher is paid for (never with another voucher). */
export type VoucherPayment = "cash" | "card" | "cheque" | "transfer" | "ancv_paper" | "ancv_connect";
export type {
  BookingFileView, HistoryView, PaymentView, Party, UnitEdit, Settle, PlanningCell,
  BackupSummary, RestoreSummary, BookingView, ConflictView, Enrolled, SyncProgress, SyncReport, SyncStatus, Calibration, DeviceStatus, HoldView, IssuedView, PlanningView, Progress, QuoteView, RecentScanView, ScanView, SessionView,
  SettingsView, Stroke, TariffPlan, TariffView, TicketBookingView, TicketProductView, UnitView, OrganizerView, EventView, Preview,
};

/** An error from the application: what went wrong and what to do, in French. */
export class IpcError extends Error {
  readonly code: AppError["code"];
  constructor(error: AppError) {
    super(error.message);
    this.code = error.code;
  }
}

function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isAppError(error)) throw new IpcError(error);
    throw new IpcError({ code: "storage", message: String(error) });
  }
}

/** A stay as the commands take it. */
export interface StayArgs { unit: string; from: string; nights: number }
/** Contact details as the commands take them. */
export interface ContactArgs { name: string; email: string | null; phone: string | null }

export const api = {
  who: () => call<WhoView>("who"),
  operators: () => call<OperatorView[]>("operators"),
  addOperator: (name: string, role: Role, pin: string) => call<OperatorView>("add_operator", { name, role, pin }),
  setOperatorRole: (who: string, role: Role) => call<OperatorView>("set_operator_role", { who, role }),
  setOperatorPin: (who: string, pin: string) => call<null>("set_operator_pin", { who, pin }),
  removeOperator: (who: string) => call<null>("remove_operator", { who }),
  signIn: (who: string, pin: string) => call<WhoView>("sign_in", { who, pin }),
  signOut: () => call<WhoView>("sign_out"),
  kiosk: () => call<boolean>("kiosk"),
  enterKiosk: () => call<null>("enter_kiosk"),
  leaveKiosk: (who: string, pin: string) => call<null>("leave_kiosk", { who, pin }),
  draftSave: (key: string, json: string) => call<null>("draft_save", { key, json }),
  draftLoad: (key: string) => call<string | null>("draft_load", { key }),
  draftClear: (key: string) => call<null>("draft_clear", { key }),
  settings: () => call<SettingsView>("settings"),
  setPricingMode: (mode: SettingsView["pricing_mode"]) => call<SettingsView>("set_pricing_mode", { mode }),
  setProviderName: (name: string) => call<SettingsView>("set_provider_name", { name }),
  setVoucherValidity: (months: number) => call<SettingsView>("set_voucher_validity", { months }),
  setGuestRetention: (months: number) => call<SettingsView>("set_guest_retention", { months }),
  setVatRegime: (regime: VatRegime) => call<SettingsView>("set_vat_regime", { regime }),
  setIdentity: (identity: Identity) => call<SettingsView>("set_identity", { identity }),
  setDeviceName: (name: string) => call<SettingsView>("set_device_name", { name }),
  suggestedBackupFile: () => call<string>("suggested_backup_file"),
  backup: (file: string, passphrase: string) => call<BackupSummary>("backup", { file, passphrase }),
  restore: (file: string, passphrase: string, replace: boolean) =>
    call<RestoreSummary>("restore", { file, passphrase, replace }),
  units: (order: "back_office" | "sale") => call<UnitView[]>("units", { order }),
  addUnit: (name: string, capacity: number) => call<UnitView>("add_unit", { name, capacity }),
  tariffs: (unit: string) => call<TariffView[]>("tariffs", { unit }),
  planTariffs: (plan: TariffPlan) => call<TariffView[]>("plan_tariffs", { plan }),
  addTariffs: (unit: string, plan: TariffPlan) => call<number>("add_tariffs", { unit, plan }),
  quote: (stay: StayArgs) => call<QuoteView>("quote", { ...stay }),
  hold: (stay: StayArgs, contact: ContactArgs) => call<HoldView>("hold", { ...stay, ...contact }),
  goToPayment: (hold: string) => call<HoldView>("go_to_payment", { hold }),
  releaseHold: (hold: string) => call<HoldView>("release_hold", { hold }),
  bookHold: (hold: string, party: Party | null) => call<BookingView>("book_hold", { hold, party }),
  liveHolds: () => call<HoldView[]>("live_holds"),
  bookingFile: (booking: string) => call<BookingFileView>("booking_file", { booking }),
  recordPayment: (booking: string, amount: string, method: string, paidOn: string) =>
    call<BookingFileView>("record_payment", { booking, amount, method, paidOn }),
  editBooking: (booking: string, contact: ContactArgs, party: Party, details?: CustomerDetails) =>
    call<BookingFileView>("edit_booking", { booking, ...contact, party, details: details ?? null }),
  suggestedContractFile: (booking: string) => call<string>("suggested_contract_file", { booking }),
  /** Writes the booking's contract (B2) at `file`; its path. */
  saveContract: (booking: string, file: string) => call<string>("save_contract", { booking, file }),
  setConditions: (conditions: ConditionsView) => call<SettingsView>("set_conditions", { conditions }),
  templates: () => call<TemplateView[]>("templates"),
  /** An unknown placeholder is refused (T6), naming it. */
  saveTemplate: (name: string, text: string) => call<TemplateView>("save_template", { name, text }),
  previewTemplate: (text: string, booking: string) => call<Rendered>("preview_template", { text, booking }),
  moveBooking: (booking: string, unit: string, from: string, nights: number, price: string | null) =>
    call<BookingFileView>("move_booking", { booking, unit, from, nights, price }),
  editUnit: (unit: string, edit: UnitEdit) => call<UnitView>("edit_unit", { unit, edit }),
  reorderUnit: (unit: string, step: -1 | 1) => call<UnitView[]>("reorder_unit", { unit, step }),
  removeUnit: (unit: string) => call<void>("remove_unit", { unit }),
  expireHolds: () => call<HoldView[]>("expire_holds"),
  book: (stay: StayArgs, contact: ContactArgs, price: string | null, party: Party | null = null) =>
    call<BookingView>("book", { ...stay, ...contact, price, party }),
  cancelBooking: (booking: string) => call<BookingView>("cancel_booking", { booking }),
  bookings: () => call<BookingView[]>("bookings"),
  planning: (from: string, days: number) => call<PlanningView>("planning", { from, days }),
  loadDemo: () => call<DemoSummary>("load_demo"),
  sessions: () => call<SessionView[]>("sessions"),
  ticketProducts: (event: string | null) => call<TicketProductView[]>("ticket_products", { event }),
  issueTickets: (session: string, product: string | null, quantity: number, holder: string) =>
    call<IssuedView>("issue_tickets", { session, product, quantity, holder }),
  ticketBookings: (session: string) => call<TicketBookingView[]>("ticket_bookings", { session }),
  cancelTickets: (booking: string) => call<TicketBookingView>("cancel_tickets", { booking }),
  amendTickets: (booking: string, quantity: number, session: string | null) =>
    call<IssuedView>("amend_tickets", { booking, quantity, session }),
  /** To a CUPS printer (`printer`) or a PDF where the user chose (`file`); returns the PDF's path. */
  printTickets: (booking: string, to: { printer?: string; file?: string }) =>
    call<string>("print_tickets", { booking, printer: to.printer ?? null, file: to.file ?? null }),
  printers: () => call<string[]>("printers"),
  suggestedTicketFile: (booking: string) => call<string>("suggested_ticket_file", { booking }),
  organizers: () => call<OrganizerView[]>("organizers"),
  events: () => call<EventView[]>("events"),
  addOrganizer: (name: string) => call<string>("add_organizer", { name }),
  editOrganizer: (organizer: string, edit: { name?: string; active?: boolean }) =>
    call<OrganizerView>("edit_organizer", { organizer, name: edit.name ?? null, active: edit.active ?? null }),
  addEvent: (name: string) => call<string>("add_event", { name }),
  editEvent: (event: string, edit: { name?: string; active?: boolean }) =>
    call<EventView>("edit_event", { event, name: edit.name ?? null, active: edit.active ?? null }),
  /** `date` as "2026-07-14", `time` as "20:30", in the provider's zone. */
  addSession: (event: string, date: string, time: string, capacity: number) =>
    call<SessionView>("add_session", { event, date, time, capacity }),
  editSession: (session: string, edit: { date?: string; time?: string; capacity?: number; active?: boolean }) =>
    call<SessionView>("edit_session", { session, date: edit.date ?? null, time: edit.time ?? null,
      capacity: edit.capacity ?? null, active: edit.active ?? null }),
  addTicketProduct: (event: string, name: string, theme: string, organizer: string, price: string) =>
    call<TicketProductView>("add_ticket_product", { event, name, theme, organizer, price }),
  editTicketProduct: (product: string, edit: { name?: string; theme?: string; organizer?: string; price?: string; active?: boolean }) =>
    call<TicketProductView>("edit_ticket_product", { product, name: edit.name ?? null, theme: edit.theme ?? null,
      organizer: edit.organizer ?? null, price: edit.price ?? null, active: edit.active ?? null }),
  moveTicketProduct: (product: string, earlier: boolean) =>
    call<TicketProductView[]>("move_ticket_product", { product, earlier }),
  scan: (session: string, code: string, source: string) => call<ScanView>("scan", { session, code, source }),
  keyboardScan: (session: string, strokes: Stroke[]) => call<ScanView[]>("keyboard_scan", { session, strokes }),
  calibrateScanner: (strokes: Stroke[]) => call<Calibration>("calibrate_scanner", { strokes }),
  scannerCalibration: () => call<Calibration>("scanner_calibration"),
  calibrationQr: () => call<string>("calibration_qr"),
  gateSession: (session: string | null) => call<void>("gate_session", { session }),
  inputStatuses: () => call<DeviceStatus[]>("input_statuses"),
  recentScans: (session: string) => call<RecentScanView[]>("recent_scans", { session }),
  syncStatus: () => call<SyncStatus>("sync_status"),
  syncNow: () => call<SyncReport>("sync_now"),
  enroll: (server: string, code: string) => call<Enrolled>("enroll", { server, code }),
  conflicts: () => call<ConflictView[]>("conflicts"),
  settleConflict: (conflict: string, settle: Settle) => call<ConflictView>("settle_conflict", { conflict, settle }),
  quoteCart: (cart: Cart) => call<CartQuote>("quote_cart", { cart }),
  sell: (cart: Cart) => call<SaleView>("sell", { cart }),
  tillState: () => call<TillView>("till_state"),
  openTill: (float: string) => call<TillView>("open_till", { float }),
  countCash: (counted: string) => call<TillView>("count_cash", { counted }),
  todaysSales: () => call<SaleView[]>("todays_sales"),
  voidSale: (sale: string, reason: string) => call<SaleView>("void_sale", { sale, reason }),
  receiptPrinter: () => call<string | null>("receipt_printer"),
  printReceipt: (sale: string) => call<null>("print_receipt", { sale }),
  suggestedReceiptFile: (number: number) => call<string>("suggested_receipt_file", { number }),
  saveReceipt: (sale: string, file: string) => call<string>("save_receipt", { sale, file }),
  openDrawer: () => call<null>("open_drawer"),
  products: () => call<ProductView[]>("products"),
  /** `price` as "25.00", `vatRate` in hundredths of a percent (2000: 20 %), `channels` among till, widget, mini_site. */
  addProduct: (name: string, price: string, vatRate: number, channels: string[]) =>
    call<ProductView>("add_product", { name, price, vatRate, channels }),
  editProduct: (product: string, edit: ProductEdit) => call<ProductView>("edit_product", { product, edit }),
  removeProduct: (product: string) => call<null>("remove_product", { product }),
  productMedia: (product: string) => call<ProductMedia>("product_media", { product }),
  addProductMedia: (product: string, file: string) => call<ProductMedia>("add_product_media", { product, file }),
  removeProductMedia: (product: string, number: number, attachment: boolean) =>
    call<ProductMedia>("remove_product_media", { product, number, attachment }),
  moveProductPhoto: (product: string, number: number, to: number) => call<ProductMedia>("move_product_photo", { product, number, to }),
  vouchers: () => call<VoucherView[]>("vouchers"),
  voucher: (code: string) => call<VoucherView>("voucher", { code }),
  sellVoucher: (products: string[], amount: string, method: VoucherPayment) =>
    call<SoldVoucher>("sell_voucher", { products, amount, method }),
  /** `printed`: the amount printed on a voucher this device does not know yet; `cart`: what it pays. */
  redeemVoucher: (code: string, printed: string | null, cart: string | null) =>
    call<RedeemedVoucher>("redeem_voucher", { code, printed, cart }),
  deactivateVoucher: (code: string, reason: string) => call<VoucherView>("deactivate_voucher", { code, reason }),
  /** `until` as "2027-12-31". */
  extendVoucher: (code: string, until: string) => call<VoucherView>("extend_voucher", { code, until }),
  suggestedVoucherFile: (code: string) => call<string>("suggested_voucher_file", { code }),
  /** Invoices and credit notes: all, or those of one booking (B3). */
  invoices: (booking: string | null) => call<InvoiceView[]>("invoices", { booking }),
  issueInvoice: (booking: string) => call<InvoiceView>("issue_invoice", { booking }),
  suggestedInvoiceFile: (number: string) => call<string>("suggested_invoice_file", { number }),
  printInvoice: (id: string, to: { printer?: string; file?: string }) =>
    call<string>("print_invoice", { id, printer: to.printer ?? null, file: to.file ?? null }),
  /** To a CUPS printer (`printer`) or a PDF where the user chose (`file`); returns the PDF's path. */
  printVoucher: (code: string, to: { printer?: string; file?: string }) =>
    call<string>("print_voucher", { code, printer: to.printer ?? null, file: to.file ?? null }),
  /** Days as "2026-11-01". */
  suggestedExportFile: (kind: ExportKind, from: string, to: string, format: ExportFormat) =>
    call<string>("suggested_export_file", { kind, from, to, format }),
  /** The file an export would replace (null: a new file). */
  existingExportFile: (file: string, format: ExportFormat) => call<string | null>("existing_export_file", { file, format }),
  voucherReport: (from: string, to: string) => call<VoucherReport>("voucher_report", { from, to }),
  /** Writes the export to `file` (a full path); progress events meanwhile. */
  exportPeriod: (kind: ExportKind, from: string, to: string, format: ExportFormat, file: string) =>
    call<ExportDone>("export_period", { kind, from, to, format, file }),
  importTransactions: (file: string) => call<TransactionImport>("import_transactions", { file }),
  transactionCount: () => call<number>("transaction_count"),
  reconcilePayouts: (file: string) => call<Reconciliation>("reconcile_payouts", { file }),
  gateways: () => call<GatewayView[]>("gateways"),
  /** `secrets` go to the system's keychain only. */
  setGateway: (code: string, fields: Record<string, string>, secrets: Record<string, string>) =>
    call<GatewayView>("set_gateway", { code, fields, secrets }),
  checkGateway: (code: string) => call<Record<string, boolean>>("check_gateway", { code }),
  removeGateway: (code: string) => call<null>("remove_gateway", { code }),
  /** An old tool's export: `map` pairs a field with a column's name; `dryRun` stores nothing. */
  importFile: (kind: ImportKind, file: string, map: [string, string][], dryRun: boolean) =>
    call<ImportReport>("import_file", { kind, file, map, dryRun }),
  /** The customers' file, or those whose name, e-mail or phone holds `search`. */
  customers: (search: string | null) => call<CustomerRecord[]>("customers", { search }),
  exportGuest: (guest: GuestQuery) => call<GuestExport>("export_guest", { guest }),
  anonymiseGuest: (guest: GuestQuery) => call<Anonymised>("anonymise_guest", { guest }),
  /** The guests past the retention period, anonymised (run at start). */
  anonymiseExpired: () => call<Anonymised>("anonymise_expired"),
  mailQueue: () => call<MailView[]>("mail_queue"),
  mailSettings: () => call<SmtpSettings | null>("mail_settings"),
  /** `password` (when given) goes to the system's keychain only. */
  setMailSettings: (input: SmtpSettingsInput, password: string | null, forgetPassword: boolean) =>
    call<SmtpSettings>("set_mail_settings", { input, password, forgetPassword }),
  retryMail: (id: string) => call<MailView>("retry_mail", { id }),
  sendQueuedMail: () => call<MailRound>("send_queued_mail"),
  sendTestMail: (to: string) => call<null>("send_test_mail", { to }),
  /** A unit's external calendars (all units: null), with their state on this device (B4). */
  calendars: (unit: string | null) => call<CalendarSourceView[]>("calendars", { unit }),
  /** Adds (or reads again) a calendar: an `https://` address or a `.ics` file's full path. */
  importCalendar: (unit: string, source: string) => call<ImportView>("import_calendar", { unit, source }),
  /** Reads every calendar of the unit again now (progress events meanwhile). */
  importCalendarsNow: (unit: string) => call<CalendarRound>("import_calendars_now", { unit }),
  /** Its nights are free again, on every device. */
  removeCalendar: (source: string) => call<null>("remove_calendar", { source }),
  calendarPollMinutes: () => call<number>("calendar_poll_minutes"),
  setCalendarPollMinutes: (minutes: number) => call<number>("set_calendar_poll_minutes", { minutes }),
  suggestedCalendarFile: (unit: string) => call<string>("suggested_calendar_file", { unit }),
  /** Writes the unit's own feed (SUMMARY:Réservé, no personal data) at `file`; its path. */
  exportCalendar: (unit: string, file: string) => call<string>("export_calendar", { unit, file }),
  /** The secret address of the unit's feed on the sync server (an enrolled device only). */
  calendarFeedUrl: (unit: string) => call<string>("calendar_feed_url", { unit }),
};

/** The background sender sent or failed an e-mail (ask `mailQueue` again). */
export async function onMailChanged(handler: () => void): Promise<() => void> {
  return listen<null>("mail-changed", () => handler());
}

/** Verdicts of scans made by the hardware inputs (HID POS, serial, webcam). */
export async function onHardwareScan(handler: (scan: ScanView) => void): Promise<() => void> {
  return listen<ScanView>("scan", (event) => handler(event.payload));
}

/** The webcam's picture at the gate, small, with the code it read marked. */
export async function onWebcamFrame(handler: (frame: Preview) => void): Promise<() => void> {
  return listen<Preview>("webcam-frame", (event) => handler(event.payload));
}

/** Progress of long work on the Rust side (a PDF batch, the demo). */
export async function onProgress(handler: (progress: Progress) => void): Promise<() => void> {
  return listen<Progress>("progress", (event) => handler(event.payload));
}

/** Sync reached the server or failed (ask `syncStatus` again). */
export async function onSyncChanged(handler: () => void): Promise<() => void> {
  return listen<null>("sync-changed", () => handler());
}

/** Progress of a long push or pull (background sync or "sync now"). */
export async function onSyncProgress(handler: (progress: SyncProgress) => void): Promise<() => void> {
  return listen<SyncProgress>("sync-progress", (event) => handler(event.payload));
}
