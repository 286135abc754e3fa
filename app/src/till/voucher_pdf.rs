//! The printable gift voucher (A9–A12): one A6 page with the provider's name and logo,
//! « Bon cadeau », its amount, its last day, the products it pays for, its code in
//! text and as a QR (drawn as vector squares like the ticket's, so any scanner reads
//! it and tells it from a ticket by its kind), and the rule that it is used once and
//! never refunded in cash. Set in the ticket's embedded fonts
//! ([`crate::box_office::pdf`]).

use std::path::PathBuf;

use base64::Engine as _;
use chrono::NaiveDate;
use guichet_core::voucher::VoucherStatus;
use guichet_core::Money;
use printpdf::{Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, RawImage, XObjectTransform};

use crate::box_office::pdf::{
    code_text, embed_fonts, faces, pt, qr_squares, set, text_lines, Face,
};
use crate::box_office::print::{deliver_pdf, PrintTo};
use crate::error::{AppError, AppResult};
use crate::App;

/// A6, portrait: 105 × 148 mm.
const PAGE_W_PT: i32 = 298;
const PAGE_H_PT: i32 = 420;
/// Left margin.
const LEFT_PT: i32 = 24;
/// Side of one QR module, in points: a voucher's code (version 3, 29 modules) and 8
/// quiet modules come to 148 pt, 52 mm.
const MODULE_PT: i32 = 4;
/// Where the QR's lower edge is.
const QR_BOTTOM_PT: i32 = 62;
/// The logo's box, top left: at most this wide and this high.
const LOGO_W_PT: i32 = 120;
const LOGO_H_PT: i32 = 48;
/// How many characters of the product list a line holds, and how many lines it gets.
const PRODUCTS_LINE_CHARS: usize = 44;
const PRODUCTS_LINES: usize = 3;

/// What a voucher's page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherPage {
    /// The provider's name.
    pub provider: String,
    /// The provider's logo: a PNG or JPEG data URL, empty for none.
    pub logo: String,
    /// Its amount.
    pub amount: Money,
    /// Its last day.
    pub valid_until: NaiveDate,
    /// The products it pays for.
    pub products: Vec<String>,
    /// Its code (what the QR holds).
    pub code: String,
}

/// Everything needed to print a voucher, read from the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherPrint {
    /// What its page says.
    pub page: VoucherPage,
    /// Where it is kept when printed: `bons/bon-<code's end>.pdf` in the data dir.
    pub path: PathBuf,
}

/// The words of `products` in lines of at most [`PRODUCTS_LINE_CHARS`] characters,
/// [`PRODUCTS_LINES`] lines at most (the last one ends with « … » when cut).
fn product_lines(products: &[String]) -> Vec<String> {
    let all = format!("Valable pour : {}", products.join(", "));
    let mut lines: Vec<String> = Vec::new();
    for word in all.split(' ') {
        match lines.last_mut() {
            Some(line)
                if line.chars().count() + 1 + word.chars().count() <= PRODUCTS_LINE_CHARS =>
            {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > PRODUCTS_LINES {
        lines.truncate(PRODUCTS_LINES);
        if let Some(last) = lines.last_mut() {
            last.push_str(" …");
        }
    }
    lines
}

/// The logo as an image, or `None` (none set, or unreadable: the voucher prints
/// without it rather than not at all).
fn logo_image(logo: &str) -> Option<RawImage> {
    let body = logo
        .strip_prefix("data:image/png;base64,")
        .or_else(|| logo.strip_prefix("data:image/jpeg;base64,"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| tracing::warn!("logo illisible : bon cadeau imprimé sans lui"))
        .ok()?;
    RawImage::decode_from_bytes(&bytes, &mut Vec::new())
        .map_err(|_| tracing::warn!("logo illisible : bon cadeau imprimé sans lui"))
        .ok()
}

/// The resolution that fits an image of `width` × `height` pixels in the logo's box.
fn logo_dpi(width: usize, height: usize) -> i32 {
    let (width, height) = (
        i32::try_from(width).unwrap_or(i32::MAX),
        i32::try_from(height).unwrap_or(i32::MAX),
    );
    (width.saturating_mul(72) / LOGO_W_PT)
        .max(height.saturating_mul(72) / LOGO_H_PT)
        .max(1)
}

/// The voucher's PDF: one A6 page, its fonts cut down to the glyphs used.
pub fn render(voucher: &VoucherPage) -> AppResult<Vec<u8>> {
    let faces = faces()?;
    let mut document = PdfDocument::new(&format!("Bon cadeau {}", voucher.code));
    let mut ops = Vec::new();
    let logo = logo_image(&voucher.logo);
    let top = if let Some(image) = logo {
        let dpi = logo_dpi(image.width, image.height);
        let id = document.add_image(&image);
        ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(pt(LEFT_PT)),
                translate_y: Some(pt(PAGE_H_PT - 16 - LOGO_H_PT)),
                dpi: Some(dpi as f32),
                ..XObjectTransform::default()
            },
        });
        PAGE_H_PT - 30 - LOGO_H_PT
    } else {
        PAGE_H_PT - 28
    };
    let mut lines = vec![
        (Face::Bold, 11, top, voucher.provider.clone()),
        (Face::Bold, 24, top - 32, "Bon cadeau".to_owned()),
        (Face::Bold, 22, top - 62, voucher.amount.to_french()),
        (
            Face::Regular,
            11,
            top - 84,
            format!(
                "Valable jusqu'au {}",
                voucher.valid_until.format("%d/%m/%Y")
            ),
        ),
    ];
    for (n, line) in (0..).zip(product_lines(&voucher.products)) {
        lines.push((Face::Regular, 10, top - 102 - 13 * n, line));
    }
    lines.push((
        Face::Regular,
        8,
        34,
        "Utilisable une seule fois, pour les produits ci-dessus.".to_owned(),
    ));
    lines.push((
        Face::Regular,
        8,
        23,
        "Ni remboursé ni rendu en espèces, même en partie.".to_owned(),
    ));
    let lines = set(lines, faces);
    let fonts = embed_fonts(&mut document, faces, [&lines])?;
    let (squares, _) = qr_squares(&voucher.code, PAGE_W_PT, QR_BOTTOM_PT, MODULE_PT)?;
    ops.extend(squares);
    ops.push(Op::StartTextSection);
    ops.extend(text_lines(&lines, &fonts, LEFT_PT));
    // Courier is 0.6 em wide: the code centred under its QR.
    let code_width = i32::try_from(voucher.code.len()).unwrap_or(0) * 54 / 10;
    ops.extend(code_text(
        &voucher.code,
        9,
        (PAGE_W_PT - code_width) / 2,
        QR_BOTTOM_PT - 10,
    ));
    ops.push(Op::EndTextSection);
    let page = PdfPage::new(Mm::from(pt(PAGE_W_PT)), Mm::from(pt(PAGE_H_PT)), ops);
    Ok(document
        .with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut Vec::new()))
}

impl VoucherPrint {
    /// Renders the PDF and sends it where `to` says; returns the PDF's path.
    pub fn deliver(&self, to: &PrintTo) -> AppResult<PathBuf> {
        let pdf = render(&self.page)?;
        deliver_pdf(
            &pdf,
            &format!("Bon cadeau {}", self.page.code),
            &self.path,
            to,
        )
    }
}

/// The last characters of a code, to name its file.
pub fn code_end(code: &str) -> &str {
    code.get(code.len().saturating_sub(8)..).unwrap_or(code)
}

impl App {
    /// What printing the voucher `code` needs: its page and where it is kept. Only a
    /// voucher that can still be used prints (a lost one is printed again).
    pub fn voucher_print(&self, code: &str) -> AppResult<VoucherPrint> {
        let voucher = self.voucher(code)?;
        let valid_until = match (voucher.id, voucher.status, voucher.valid_until) {
            (Some(_), VoucherStatus::Valid, Some(last)) => last,
            (None, ..) | (_, VoucherStatus::Unconfirmed, _) => {
                return Err(AppError::rule(
                    "la vente de ce bon n'est pas encore connue de ce poste : imprimez-le sur \
                     la caisse qui l'a vendu, ou synchronisez d'abord",
                ))
            }
            (_, status, _) => {
                return Err(AppError::rule(format!(
                    "ce bon cadeau est {} : il ne s'imprime plus",
                    status.french()
                )))
            }
        };
        let settings = crate::settings::load(self.store().conn())?;
        let path = self
            .data_dir
            .clone()
            .unwrap_or_else(std::env::temp_dir)
            .join("bons")
            .join(format!("bon-{}.pdf", code_end(&voucher.code)));
        Ok(VoucherPrint {
            page: VoucherPage {
                provider: settings.provider_name,
                logo: settings.identity.logo,
                amount: voucher.amount,
                valid_until,
                products: voucher.product_names,
                code: voucher.code,
            },
            path,
        })
    }

    /// The printable PDF of the voucher `code`.
    pub fn voucher_pdf(&self, code: &str) -> AppResult<Vec<u8>> {
        render(&self.voucher_print(code)?.page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a12_a_long_product_list_wraps_and_is_cut_with_an_ellipsis() {
        let few = product_lines(&["Canoë 2 h".to_owned(), "Vélo".to_owned()]);
        assert_eq!(few, vec!["Valable pour : Canoë 2 h, Vélo".to_owned()]);
        let many: Vec<String> = (1..=20).map(|n| format!("Activité numéro {n}")).collect();
        let lines = product_lines(&many);
        assert_eq!(lines.len(), PRODUCTS_LINES);
        assert!(lines
            .iter()
            .all(|l| l.chars().count() <= PRODUCTS_LINE_CHARS + 2));
        assert!(lines[2].ends_with(" …"), "{lines:?}");
    }

    #[test]
    fn a_logo_fits_its_box_whatever_its_size() {
        // 512 × 128 px: 120 pt wide at most → 307 dpi; 30 × 30 px: 48 pt high at most → 45 dpi.
        assert_eq!(logo_dpi(512, 128), 307);
        assert_eq!(logo_dpi(30, 30), 45);
        assert_eq!(logo_dpi(0, 0), 1);
    }
}
