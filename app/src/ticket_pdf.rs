//! The PDF ticket (T4): one page per ticket with the event, the session, the holder,
//! the booking number, "billet n / N", and the QR of its code drawn as vector squares
//! (sharp at any print size), the code printed beneath for typing by hand.

use printpdf::{
    BuiltinFont, Color, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, Rgb, TextItem,
};
use qrcode::{Color as Module, EcLevel, QrCode};

use crate::error::{AppError, AppResult};

/// What one ticket page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketPage {
    /// The provider's name.
    pub provider: String,
    /// The event.
    pub event: String,
    /// "Séance du 14/07/2026 à 20:30".
    pub session: String,
    /// The ticket product and its price, "Plein tarif — 25,00 €".
    pub product: String,
    /// The holder.
    pub holder: String,
    /// The booking number shown to people.
    pub booking: String,
    /// n of N.
    pub number: u32,
    /// N.
    pub count: u32,
    /// The ticket code (what the QR holds).
    pub code: String,
}

/// Page size: 100 × 150 mm (prints on A6 or cut from A4).
const PAGE_W_PT: i32 = 283;
const PAGE_H_PT: i32 = 425;
/// Side of one QR module, in points: 25 + 8 quiet modules × 5 pt ≈ 58 mm.
const MODULE_PT: i32 = 5;

fn pt(value: i32) -> Pt {
    Pt(value as f32)
}

fn text(font: BuiltinFont, size: i32, x: i32, y: i32, line: &str) -> [Op; 4] {
    [
        Op::SetFont {
            font: PdfFontHandle::Builtin(font),
            size: pt(size),
        },
        Op::SetTextCursor {
            pos: Point { x: pt(x), y: pt(y) },
        },
        Op::ShowText {
            items: vec![TextItem::Text(line.to_owned())],
        },
        Op::SetTextCursor {
            pos: Point {
                x: pt(-x),
                y: pt(-y),
            },
        },
    ]
}

fn black() -> Color {
    Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    })
}

fn page(ticket: &TicketPage) -> AppResult<PdfPage> {
    let qr =
        QrCode::with_error_correction_level(ticket.code.as_bytes(), EcLevel::M).map_err(|e| {
            AppError::input(format!(
                "QR code impossible pour le billet {} ({e})",
                ticket.code
            ))
        })?;
    let modules = i32::try_from(qr.width()).unwrap_or(0);
    let side = (modules + 8) * MODULE_PT;
    let (left, bottom) = ((PAGE_W_PT - side) / 2, 70);
    let mut ops = vec![Op::SetFillColor { col: black() }];
    for (index, module) in qr.to_colors().iter().enumerate() {
        if *module != Module::Dark {
            continue;
        }
        let index = i32::try_from(index).unwrap_or(0);
        let (col, row) = (index % modules, index / modules);
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(left + (col + 4) * MODULE_PT),
                y: pt(bottom + side - (row + 5) * MODULE_PT),
                width: pt(MODULE_PT),
                height: pt(MODULE_PT),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }
    ops.push(Op::StartTextSection);
    let lines = [
        (BuiltinFont::Helvetica, 9, 395, ticket.provider.clone()),
        (BuiltinFont::HelveticaBold, 16, 370, ticket.event.clone()),
        (BuiltinFont::Helvetica, 11, 350, ticket.session.clone()),
        (BuiltinFont::Helvetica, 11, 332, ticket.product.clone()),
        (
            BuiltinFont::Helvetica,
            11,
            314,
            format!("Détenteur : {}", ticket.holder),
        ),
        (
            BuiltinFont::Helvetica,
            11,
            296,
            format!("Réservation n° {}", ticket.booking),
        ),
        (
            BuiltinFont::HelveticaBold,
            12,
            276,
            format!("Billet {} / {}", ticket.number, ticket.count),
        ),
        (BuiltinFont::Courier, 9, 52, ticket.code.clone()),
        (
            BuiltinFont::Helvetica,
            8,
            30,
            "Présentez ce billet à l'entrée : il n'est valable qu'une fois.".to_owned(),
        ),
    ];
    for (font, size, y, line) in lines {
        ops.extend(text(font, size, 24, y, &line));
    }
    ops.push(Op::EndTextSection);
    Ok(PdfPage::new(
        Mm::from(pt(PAGE_W_PT)),
        Mm::from(pt(PAGE_H_PT)),
        ops,
    ))
}

/// The PDF of `tickets`, one page each.
pub fn render(title: &str, tickets: &[TicketPage]) -> AppResult<Vec<u8>> {
    let pages = tickets.iter().map(page).collect::<AppResult<Vec<_>>>()?;
    let mut warnings = Vec::new();
    Ok(PdfDocument::new(title)
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}
