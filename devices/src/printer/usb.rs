//! USB printers, through libusb (rusb, built from its bundled sources): the job is
//! written to the bulk OUT endpoint of the printer's interface (USB class 7, or any
//! interface with a bulk OUT endpoint on a device chosen by its vendor and product).
//! The kernel's usblp driver, if it holds the interface, is detached for the job.
//! Access needs a udev rule: see docs/printer.md.
//!
//! Which device and endpoint to use is decided by [`choose`] on plain descriptions
//! ([`DeviceDescription`]), so that the rule is tested without a device.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use rusb::UsbContext;

use super::PrinterError;

/// The USB class of printers.
pub const PRINTER_CLASS: u8 = 0x07;

/// How long the printer may refuse data (paper out, cover open) before the job fails.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The most bytes written in one bulk transfer.
const CHUNK: usize = 4096;

/// A USB vendor and product, shown and parsed as `04b8:0202` (hexadecimal, as `lsusb`
/// shows them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UsbId {
    /// The vendor id (`04b8` is Epson).
    pub vendor: u16,
    /// The product id.
    pub product: u16,
}

impl fmt::Display for UsbId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04x}:{:04x}", self.vendor, self.product)
    }
}

impl FromStr for UsbId {
    type Err = ();

    fn from_str(text: &str) -> Result<UsbId, ()> {
        let hex = |part: &str| {
            if part.len() == 4 {
                u16::from_str_radix(part, 16).map_err(|_| ())
            } else {
                Err(())
            }
        };
        let (vendor, product) = text.trim().split_once(':').ok_or(())?;
        Ok(UsbId {
            vendor: hex(vendor)?,
            product: hex(product)?,
        })
    }
}

/// What [`choose`] needs to know of a USB device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceDescription {
    /// Vendor and product.
    pub id: UsbId,
    /// The device's class (0: given per interface).
    pub class: u8,
    /// The interfaces of its active configuration, every alternate setting.
    pub interfaces: Vec<InterfaceDescription>,
}

/// One alternate setting of an interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceDescription {
    /// The interface number.
    pub number: u8,
    /// The alternate setting.
    pub setting: u8,
    /// The interface class (7: printer).
    pub class: u8,
    /// Its endpoints.
    pub endpoints: Vec<EndpointDescription>,
}

/// An endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointDescription {
    /// The endpoint address (bit 7 set: IN, towards the computer).
    pub address: u8,
    /// Whether it is a bulk endpoint.
    pub bulk: bool,
}

/// Where a job goes: a device of the list, one of its interfaces, its OUT endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The device's index in the list given to [`choose`].
    pub device: usize,
    /// The interface to claim.
    pub interface: u8,
    /// Its alternate setting.
    pub setting: u8,
    /// The bulk OUT endpoint's address.
    pub endpoint: u8,
}

/// The bulk OUT endpoint of an interface.
fn bulk_out(interface: &InterfaceDescription) -> Option<u8> {
    interface
        .endpoints
        .iter()
        .find(|endpoint| endpoint.bulk && endpoint.address & 0x80 == 0)
        .map(|endpoint| endpoint.address)
}

/// The printer interface of a device: class 7 (or a class-7 device) with a bulk OUT
/// endpoint.
fn printer_interface(device: &DeviceDescription) -> Option<(&InterfaceDescription, u8)> {
    device
        .interfaces
        .iter()
        .filter(|interface| interface.class == PRINTER_CLASS || device.class == PRINTER_CLASS)
        .find_map(|interface| bulk_out(interface).map(|endpoint| (interface, endpoint)))
}

/// The device and endpoint to print on: the device `wanted` names (its printer
/// interface, or else any interface with a bulk OUT endpoint: some receipt printers
/// say "vendor specific"), or without a name the first device that is a printer.
pub fn choose(
    devices: &[DeviceDescription],
    wanted: Option<UsbId>,
) -> Result<Target, PrinterError> {
    let target = |device: usize, interface: &InterfaceDescription, endpoint: u8| Target {
        device,
        interface: interface.number,
        setting: interface.setting,
        endpoint,
    };
    match wanted {
        Some(id) => {
            let (index, device) = devices
                .iter()
                .enumerate()
                .find(|(_, device)| device.id == id)
                .ok_or(PrinterError::UsbNotFound(id))?;
            printer_interface(device)
                .or_else(|| {
                    device
                        .interfaces
                        .iter()
                        .find_map(|interface| bulk_out(interface).map(|e| (interface, e)))
                })
                .map(|(interface, endpoint)| target(index, interface, endpoint))
                .ok_or(PrinterError::UsbNoEndpoint(id))
        }
        None => devices
            .iter()
            .enumerate()
            .find_map(|(index, device)| {
                printer_interface(device).map(|(interface, e)| target(index, interface, e))
            })
            .ok_or(PrinterError::NoUsbPrinter),
    }
}

/// A USB receipt printer seen on the bus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsbPrinterInfo {
    /// Vendor and product, for the setting `usb:VVVV:PPPP`.
    pub id: UsbId,
    /// The bus number.
    pub bus: u8,
    /// The address on the bus.
    pub address: u8,
}

/// The USB printers plugged in now: empty when there is none, or when USB cannot be
/// used here (no libusb backend, no /dev/bus/usb): it never fails.
pub fn list_printers() -> Vec<UsbPrinterInfo> {
    let Ok(context) = rusb::Context::new() else {
        return Vec::new();
    };
    let Ok(devices) = context.devices() else {
        return Vec::new();
    };
    devices
        .iter()
        .filter_map(|device| {
            let description = describe(&device)?;
            printer_interface(&description)?;
            Some(UsbPrinterInfo {
                id: description.id,
                bus: device.bus_number(),
                address: device.address(),
            })
        })
        .collect()
}

/// A device's description, from its descriptors (readable without opening it).
fn describe<T: UsbContext>(device: &rusb::Device<T>) -> Option<DeviceDescription> {
    let descriptor = device.device_descriptor().ok()?;
    let config = device
        .active_config_descriptor()
        .or_else(|_| device.config_descriptor(0))
        .ok()?;
    let interfaces = config
        .interfaces()
        .flat_map(|interface| interface.descriptors())
        .map(|setting| InterfaceDescription {
            number: setting.interface_number(),
            setting: setting.setting_number(),
            class: setting.class_code(),
            endpoints: setting
                .endpoint_descriptors()
                .map(|endpoint| EndpointDescription {
                    address: endpoint.address(),
                    bulk: endpoint.transfer_type() == rusb::TransferType::Bulk,
                })
                .collect(),
        })
        .collect();
    Some(DeviceDescription {
        id: UsbId {
            vendor: descriptor.vendor_id(),
            product: descriptor.product_id(),
        },
        class: descriptor.class_code(),
        interfaces,
    })
}

/// A libusb error in French words.
fn reason(error: rusb::Error) -> &'static str {
    match error {
        rusb::Error::Io => "erreur d'entrée-sortie",
        rusb::Error::InvalidParam => "paramètre refusé",
        rusb::Error::Access => "accès refusé",
        rusb::Error::NoDevice => "appareil débranché",
        rusb::Error::NotFound => "introuvable",
        rusb::Error::Busy => "occupé",
        rusb::Error::Timeout => "délai dépassé",
        rusb::Error::Overflow => "trop de données reçues",
        rusb::Error::Pipe => "l'imprimante a refusé la commande",
        rusb::Error::Interrupted => "interrompu",
        rusb::Error::NoMem => "mémoire insuffisante",
        rusb::Error::NotSupported => "non pris en charge par ce système",
        rusb::Error::BadDescriptor => "description de l'appareil illisible",
        rusb::Error::Other => "erreur du système",
    }
}

/// A libusb error on the printer `id` as the printer's error.
fn failure(id: UsbId, error: rusb::Error) -> PrinterError {
    match error {
        rusb::Error::Access => PrinterError::UsbAccessDenied(id),
        rusb::Error::Busy => PrinterError::UsbBusy(id),
        rusb::Error::NoDevice => PrinterError::UsbDisconnected(id),
        rusb::Error::Timeout => PrinterError::UsbStalled(id),
        other => PrinterError::Usb(id, reason(other)),
    }
}

/// A printer on USB: a given one, or the first receipt printer found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsbPrinter {
    id: Option<UsbId>,
    timeout: Duration,
}

impl UsbPrinter {
    /// The first USB printer found when a job is sent.
    pub fn first() -> UsbPrinter {
        UsbPrinter {
            id: None,
            timeout: WRITE_TIMEOUT,
        }
    }

    /// The printer with this vendor and product.
    pub fn with_id(id: UsbId) -> UsbPrinter {
        UsbPrinter {
            id: Some(id),
            timeout: WRITE_TIMEOUT,
        }
    }

    /// The vendor and product asked for, if any.
    pub fn id(&self) -> Option<UsbId> {
        self.id
    }

    /// Sends a job: finds the device (again at each job, so that it may have been
    /// unplugged meanwhile), claims its interface and writes to its bulk OUT endpoint.
    pub fn send(&self, bytes: &[u8]) -> Result<(), PrinterError> {
        let context = rusb::Context::new().map_err(|e| PrinterError::UsbUnavailable(reason(e)))?;
        let devices = context
            .devices()
            .map_err(|e| PrinterError::UsbUnavailable(reason(e)))?;
        let (devices, descriptions): (Vec<_>, Vec<_>) = devices
            .iter()
            .filter_map(|device| describe(&device).map(|description| (device, description)))
            .unzip();
        let target = choose(&descriptions, self.id)?;
        let (Some(device), Some(description)) =
            (devices.get(target.device), descriptions.get(target.device))
        else {
            return Err(PrinterError::NoUsbPrinter);
        };
        let id = description.id;
        let handle = device.open().map_err(|e| failure(id, e))?;
        // Not supported everywhere (nor needed where no driver holds it).
        let _ = handle.set_auto_detach_kernel_driver(true);
        handle
            .claim_interface(target.interface)
            .map_err(|e| failure(id, e))?;
        let written = write(&handle, &target, bytes, self.timeout).map_err(|e| failure(id, e));
        let _ = handle.release_interface(target.interface);
        written
    }
}

/// Writes every byte to the target's endpoint.
fn write<T: UsbContext>(
    handle: &rusb::DeviceHandle<T>,
    target: &Target,
    bytes: &[u8],
    timeout: Duration,
) -> Result<(), rusb::Error> {
    if target.setting != 0 {
        handle.set_alternate_setting(target.interface, target.setting)?;
    }
    for chunk in bytes.chunks(CHUNK) {
        let mut rest = chunk;
        while !rest.is_empty() {
            let sent = handle.write_bulk(target.endpoint, rest, timeout)?;
            if sent == 0 {
                return Err(rusb::Error::Timeout);
            }
            rest = rest.get(sent..).unwrap_or_default();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPSON: UsbId = UsbId {
        vendor: 0x04b8,
        product: 0x0202,
    };

    fn endpoint(address: u8) -> EndpointDescription {
        EndpointDescription {
            address,
            bulk: true,
        }
    }

    fn interface(
        number: u8,
        class: u8,
        endpoints: Vec<EndpointDescription>,
    ) -> InterfaceDescription {
        InterfaceDescription {
            number,
            setting: 0,
            class,
            endpoints,
        }
    }

    fn device(id: UsbId, interfaces: Vec<InterfaceDescription>) -> DeviceDescription {
        DeviceDescription {
            id,
            class: 0,
            interfaces,
        }
    }

    /// A keyboard (HID, class 3, interrupt IN only).
    fn keyboard() -> DeviceDescription {
        device(
            UsbId {
                vendor: 0x046d,
                product: 0xc31c,
            },
            vec![interface(
                0,
                3,
                vec![EndpointDescription {
                    address: 0x81,
                    bulk: false,
                }],
            )],
        )
    }

    /// A receipt printer: class 7, bulk IN 0x82 listed before bulk OUT 0x01.
    fn printer(id: UsbId) -> DeviceDescription {
        device(
            id,
            vec![interface(0, 7, vec![endpoint(0x82), endpoint(0x01)])],
        )
    }

    #[test]
    fn the_first_printer_class_device_is_chosen_with_its_bulk_out_endpoint() {
        let devices = [keyboard(), printer(EPSON)];
        assert_eq!(
            choose(&devices, None).unwrap(),
            Target {
                device: 1,
                interface: 0,
                setting: 0,
                endpoint: 0x01
            }
        );
    }

    #[test]
    fn a_printer_interface_on_a_composite_device_is_found() {
        let composite = device(
            EPSON,
            vec![
                interface(0, 0xFF, vec![endpoint(0x03)]),
                interface(1, 7, vec![endpoint(0x02), endpoint(0x81)]),
            ],
        );
        let target = choose(&[composite], None).unwrap();
        assert_eq!((target.interface, target.endpoint), (1, 0x02));
    }

    #[test]
    fn without_a_printer_none_is_chosen() {
        assert_eq!(choose(&[], None), Err(PrinterError::NoUsbPrinter));
        // A vendor-specific device is not taken for a printer unless named.
        let vendor = device(EPSON, vec![interface(0, 0xFF, vec![endpoint(0x01)])]);
        assert_eq!(
            choose(&[keyboard(), vendor.clone()], None),
            Err(PrinterError::NoUsbPrinter)
        );
        // Named, it is used.
        assert_eq!(
            choose(&[keyboard(), vendor], Some(EPSON)).unwrap().device,
            1
        );
    }

    #[test]
    fn a_printer_class_device_counts_whatever_its_interfaces_say() {
        let mut whole = device(EPSON, vec![interface(0, 0, vec![endpoint(0x01)])]);
        whole.class = PRINTER_CLASS;
        assert_eq!(choose(&[whole], None).unwrap().endpoint, 0x01);
    }

    #[test]
    fn a_named_device_must_be_there_and_have_a_bulk_out_endpoint() {
        assert_eq!(
            choose(&[keyboard()], Some(EPSON)),
            Err(PrinterError::UsbNotFound(EPSON))
        );
        let input_only = device(EPSON, vec![interface(0, 7, vec![endpoint(0x81)])]);
        assert_eq!(
            choose(&[input_only], Some(EPSON)),
            Err(PrinterError::UsbNoEndpoint(EPSON))
        );
        let other = UsbId {
            vendor: 0x0519,
            product: 0x0001,
        };
        let target = choose(&[printer(other), printer(EPSON)], Some(EPSON)).unwrap();
        assert_eq!(target.device, 1);
    }

    #[test]
    fn an_alternate_setting_is_kept() {
        let mut alternate = interface(0, 7, vec![endpoint(0x01)]);
        alternate.setting = 1;
        let with_setting = device(
            EPSON,
            vec![interface(0, 7, vec![endpoint(0x81)]), alternate],
        );
        assert_eq!(choose(&[with_setting], None).unwrap().setting, 1);
    }

    #[test]
    fn usb_ids_read_and_show_as_lsusb_does() {
        assert_eq!("04b8:0202".parse::<UsbId>(), Ok(EPSON));
        assert_eq!("04B8:0202".parse::<UsbId>(), Ok(EPSON));
        assert_eq!(EPSON.to_string(), "04b8:0202");
        for bad in ["04b8", "4b8:202", "04b8:02021", "zzzz:0202", ""] {
            assert_eq!(bad.parse::<UsbId>(), Err(()), "{bad}");
        }
    }

    #[test]
    fn libusb_errors_become_the_printer_errors_that_say_what_to_do() {
        assert_eq!(
            failure(EPSON, rusb::Error::Access),
            PrinterError::UsbAccessDenied(EPSON)
        );
        assert_eq!(
            failure(EPSON, rusb::Error::Busy),
            PrinterError::UsbBusy(EPSON)
        );
        assert_eq!(
            failure(EPSON, rusb::Error::NoDevice),
            PrinterError::UsbDisconnected(EPSON)
        );
        assert_eq!(
            failure(EPSON, rusb::Error::Timeout),
            PrinterError::UsbStalled(EPSON)
        );
        assert_eq!(
            failure(EPSON, rusb::Error::Pipe).to_string(),
            "erreur USB avec l'imprimante 04b8:0202 (l'imprimante a refusé la commande) : débranchez-la et rebranchez-la, puis réessayez"
        );
    }
}
