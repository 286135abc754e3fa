//! The till's receipt printer and cash drawer: an 80 mm ESC/POS thermal printer on USB
//! or on the network (raw TCP, port 9100), the drawer plugged into the printer's drawer
//! port and opened by its kick command. See docs/printer.md for the set-up.
//!
//! The app builds a [`Receipt`] (amounts already formatted in French), picks a
//! [`Printer`] from its setting with [`Printer::parse`], and calls [`Printer::print`]
//! or [`Printer::open_drawer`]; every error is a French sentence that says what to do.

pub mod escpos;
pub mod network;
pub mod receipt;
pub mod usb;

use std::fmt;

pub use escpos::{Align, DrawerPin, Escpos};
pub use network::NetworkPrinter;
pub use receipt::{PaymentLine, Receipt, ReceiptLine, VatLine};
pub use usb::{list_printers, UsbId, UsbPrinter, UsbPrinterInfo};

/// Why a job did not print, in French, saying what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrinterError {
    /// The printer setting is not an address nor a USB choice.
    #[error("réglage d'imprimante invalide « {0} » : saisissez une adresse réseau comme 192.168.1.50 (ou 192.168.1.50:9100), « usb » pour la première imprimante USB, ou « usb:04b8:0202 » pour une imprimante USB précise")]
    BadSetting(String),
    /// Nothing answers at the address (refused, timed out, no route, unknown name).
    #[error("imprimante injoignable à {0} : vérifiez qu'elle est allumée et sur le même réseau")]
    Unreachable(String),
    /// The printer closed the connection before it had the whole job.
    #[error("l'imprimante à {0} a coupé la liaison pendant l'impression : vérifiez le papier et le capot, puis relancez l'impression")]
    Interrupted(String),
    /// The printer stopped taking data.
    #[error("l'imprimante à {0} ne reçoit plus (délai dépassé) : vérifiez le papier, le capot et son voyant d'erreur, puis relancez l'impression")]
    Stalled(String),
    /// A QR code's data is empty or longer than the printer holds.
    #[error("QR code impossible à imprimer ({0} octets, de 1 à 2331) : raccourcissez son contenu")]
    QrTooLong(usize),
    /// No USB device is a printer.
    #[error("aucune imprimante de tickets USB trouvée : branchez-la, allumez-la, puis réessayez")]
    NoUsbPrinter,
    /// The USB printer chosen is not plugged in.
    #[error("imprimante USB {0} introuvable : vérifiez qu'elle est branchée et allumée, ou choisissez-en une autre")]
    UsbNotFound(UsbId),
    /// The system does not let this user write to the printer.
    #[error("accès refusé à l'imprimante USB {0} : ajoutez la règle udev décrite dans docs/printer.md (/etc/udev/rules.d/70-guichet-printer.rules), puis débranchez et rebranchez l'imprimante")]
    UsbAccessDenied(UsbId),
    /// Another program (CUPS, the usblp driver) holds the printer.
    #[error("imprimante USB {0} occupée par un autre programme (CUPS ou le pilote usblp) : retirez-la de CUPS ou fermez ce programme, puis réessayez")]
    UsbBusy(UsbId),
    /// The device has no bulk OUT endpoint to print on.
    #[error("l'appareil USB {0} n'a pas d'entrée d'impression : ce n'est sans doute pas une imprimante de tickets, choisissez-en une autre")]
    UsbNoEndpoint(UsbId),
    /// The printer went away during the job.
    #[error("l'imprimante USB {0} a été débranchée pendant l'impression : rebranchez-la, puis relancez l'impression")]
    UsbDisconnected(UsbId),
    /// The printer stopped taking data.
    #[error("l'imprimante USB {0} ne reçoit plus (délai dépassé) : vérifiez le papier et le capot, puis relancez l'impression")]
    UsbStalled(UsbId),
    /// Any other USB failure.
    #[error(
        "erreur USB avec l'imprimante {0} ({1}) : débranchez-la et rebranchez-la, puis réessayez"
    )]
    Usb(UsbId, &'static str),
    /// USB cannot be used at all on this computer.
    #[error("USB inutilisable sur cet ordinateur ({0}) : branchez l'imprimante par le réseau, ou imprimez le ticket en PDF")]
    UsbUnavailable(&'static str),
}

impl PrinterError {
    /// A stable code for the app's errors (`printer_unreachable`…).
    pub fn code(&self) -> &'static str {
        match self {
            PrinterError::BadSetting(_) => "printer_setting",
            PrinterError::Unreachable(_) => "printer_unreachable",
            PrinterError::Interrupted(_) | PrinterError::UsbDisconnected(_) => {
                "printer_interrupted"
            }
            PrinterError::Stalled(_) | PrinterError::UsbStalled(_) => "printer_stalled",
            PrinterError::QrTooLong(_) => "printer_qr",
            PrinterError::NoUsbPrinter | PrinterError::UsbNotFound(_) => "printer_not_found",
            PrinterError::UsbAccessDenied(_) => "printer_access",
            PrinterError::UsbBusy(_) => "printer_busy",
            PrinterError::UsbNoEndpoint(_) => "printer_not_a_printer",
            PrinterError::Usb(..) | PrinterError::UsbUnavailable(_) => "printer_usb",
        }
    }
}

/// How the printer is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// Raw TCP, port 9100 by default.
    Network(NetworkPrinter),
    /// The printer's bulk OUT endpoint.
    Usb(UsbPrinter),
}

/// The till's printer, with the drawer plugged into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printer {
    transport: Transport,
    drawer_pin: DrawerPin,
}

impl Printer {
    /// The printer a setting names: `usb` (the first USB receipt printer),
    /// `usb:VVVV:PPPP` (that vendor and product, in hexadecimal), or a network address
    /// `host` or `host:port` (port 9100 when none). The drawer is on pin 2.
    pub fn parse(setting: &str) -> Result<Printer, PrinterError> {
        let setting = setting.trim();
        let transport = if setting.eq_ignore_ascii_case("usb") {
            Transport::Usb(UsbPrinter::first())
        } else if let Some(id) = setting
            .get(..4)
            .filter(|prefix| prefix.eq_ignore_ascii_case("usb:"))
            .and_then(|_| setting.get(4..))
        {
            let id = id
                .parse::<UsbId>()
                .map_err(|()| PrinterError::BadSetting(setting.to_owned()))?;
            Transport::Usb(UsbPrinter::with_id(id))
        } else {
            Transport::Network(NetworkPrinter::new(setting)?)
        };
        Ok(Printer::new(transport))
    }

    /// A printer reached through `transport`, its drawer on pin 2.
    pub fn new(transport: Transport) -> Printer {
        Printer {
            transport,
            drawer_pin: DrawerPin::Pin2,
        }
    }

    /// The same printer with its drawer on `pin`.
    pub fn with_drawer_pin(mut self, pin: DrawerPin) -> Printer {
        self.drawer_pin = pin;
        self
    }

    /// How the printer is reached.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Prints `receipt` and cuts it, opening the drawer in the same job when the
    /// receipt asks for it (a cash payment).
    pub fn print(&self, receipt: &Receipt) -> Result<(), PrinterError> {
        self.send(&receipt.escpos(self.drawer_pin)?)
    }

    /// Opens the cash drawer (nothing is printed).
    pub fn open_drawer(&self) -> Result<(), PrinterError> {
        let mut job = Escpos::new();
        job.drawer_kick(self.drawer_pin);
        self.send(job.bytes())
    }

    /// Sends raw ESC/POS bytes.
    pub fn send(&self, bytes: &[u8]) -> Result<(), PrinterError> {
        match &self.transport {
            Transport::Network(printer) => printer.send(bytes),
            Transport::Usb(printer) => printer.send(bytes),
        }
    }
}

impl fmt::Display for Printer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.transport {
            Transport::Network(printer) => write!(f, "imprimante réseau {}", printer.address()),
            Transport::Usb(printer) => match printer.id() {
                Some(id) => write!(f, "imprimante USB {id}"),
                None => f.write_str("première imprimante USB"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_names_a_usb_or_network_printer() {
        let first = Printer::parse(" USB ").unwrap();
        assert_eq!(first.transport(), &Transport::Usb(UsbPrinter::first()));
        assert_eq!(first.to_string(), "première imprimante USB");
        let epson = Printer::parse("usb:04b8:0202").unwrap();
        assert_eq!(epson.to_string(), "imprimante USB 04b8:0202");
        let network = Printer::parse("192.168.1.50").unwrap();
        assert_eq!(network.to_string(), "imprimante réseau 192.168.1.50:9100");
        assert_eq!(
            Printer::parse("usb:epson").unwrap_err(),
            PrinterError::BadSetting("usb:epson".into())
        );
        assert!(Printer::parse("")
            .unwrap_err()
            .to_string()
            .starts_with("réglage d'imprimante invalide «  » : saisissez"));
    }

    #[test]
    fn errors_have_codes_and_say_what_to_do() {
        let unreachable = PrinterError::Unreachable("192.168.1.50:9100".into());
        assert_eq!(
            unreachable.to_string(),
            "imprimante injoignable à 192.168.1.50:9100 : vérifiez qu'elle est allumée et sur le même réseau"
        );
        assert_eq!(unreachable.code(), "printer_unreachable");
        let denied = PrinterError::UsbAccessDenied(UsbId {
            vendor: 0x04b8,
            product: 0x0202,
        });
        assert!(denied.to_string().contains("04b8:0202"));
        assert!(denied.to_string().contains("règle udev"));
        assert_eq!(denied.code(), "printer_access");
    }
}
