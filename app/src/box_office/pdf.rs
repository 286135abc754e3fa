//! The PDF ticket (T4): one page per ticket with the event, the session, the holder,
//! the booking number, "billet n / N", and the QR of its code drawn as vector squares
//! (sharp at any print size), the code printed beneath for typing by hand.
//!
//! Text is set in fonts embedded in the PDF (`app/fonts/`, see its README): DejaVu
//! Sans for Latin with diacritics, Greek, Cyrillic, Hebrew and Arabic, and WenQuanYi
//! Micro Hei (subset to the common Chinese, Japanese and Korean characters) for what
//! DejaVu lacks; printpdf embeds only the glyphs a ticket uses. printpdf does no
//! shaping: Arabic letters are given their contextual forms here (Arabic
//! Presentation Forms-B, which DejaVu draws, lam-alef ligatures included) and every
//! line is put in visual order by the Unicode bidi algorithm, so a right-to-left name
//! reads right to left, joined. Marks (harakat) are kept but not positioned, and
//! scripts that need more shaping (Indic…) print unshaped.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use printpdf::{
    BuiltinFont, Color, FontId, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};
use qrcode::{Color as Module, EcLevel, QrCode};

use crate::error::{AppError, AppResult};

/// DejaVu Sans, subset to Latin, Greek, Cyrillic, Hebrew, Arabic and punctuation.
const REGULAR_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, the same characters.
const BOLD_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");
/// WenQuanYi Micro Hei, subset to GB 2312, JIS X 0208, Big5 level 1, KS X 1001 Hangul.
const CJK_TTF: &[u8] = include_bytes!("../../fonts/WenQuanYiMicroHei-common.ttf");

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

pub(crate) fn pt(value: i32) -> Pt {
    Pt(value as f32)
}

/// The three embedded faces, parsed once per process.
pub(crate) struct Faces {
    regular: ParsedFont,
    bold: ParsedFont,
    cjk: ParsedFont,
}

pub(crate) fn faces() -> AppResult<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let mut warnings = Vec::new();
            Some(Faces {
                regular: ParsedFont::from_bytes(REGULAR_TTF, 0, &mut warnings)?,
                bold: ParsedFont::from_bytes(BOLD_TTF, 0, &mut warnings)?,
                cjk: ParsedFont::from_bytes(CJK_TTF, 0, &mut warnings)?,
            })
        })
        .as_ref()
        .ok_or_else(|| {
            AppError::input(
                "les polices des billets, intégrées à Guichet, sont illisibles : \
                 réinstallez Guichet",
            )
        })
}

/// Which embedded face a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Face {
    Regular,
    Bold,
    Cjk,
}

impl Faces {
    fn get(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Cjk => &self.cjk,
        }
    }
}

/// The line in visual order, Arabic shaped, cut into runs of one face each: the
/// line's own face (regular or bold), WenQuanYi for what it lacks.
fn runs(line: &str, main: Face, faces: &Faces) -> Vec<(Face, String)> {
    let visual = visual_order(&shape_arabic(line));
    let mut runs: Vec<(Face, String)> = Vec::new();
    for c in visual.chars() {
        let covered = |face| faces.get(face).lookup_glyph_index(u32::from(c)).is_some();
        let face = if !covered(main) && covered(Face::Cjk) {
            Face::Cjk
        } else {
            main
        };
        match runs.last_mut() {
            Some((last, text)) if *last == face => text.push(c),
            _ => runs.push((face, c.to_string())),
        }
    }
    runs
}

/// `face` cut down to the glyphs of `chars` (and `.notdef`), as a font of its own:
/// printpdf (without its layout feature) embeds whole fonts, and the CJK one is 2 MB.
fn subset(face: Face, faces: &Faces, chars: &BTreeSet<char>) -> AppResult<ParsedFont> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let bytes = match face {
        Face::Regular => REGULAR_TTF,
        Face::Bold => BOLD_TTF,
        Face::Cjk => CJK_TTF,
    };
    let parsed = faces.get(face);
    let mut glyphs: Vec<u16> = vec![0];
    glyphs.extend(
        chars
            .iter()
            .filter_map(|c| parsed.lookup_glyph_index(u32::from(*c))),
    );
    glyphs.sort_unstable();
    glyphs.dedup();
    let failed = |what: String| {
        AppError::input(format!(
            "les polices des billets, intégrées à Guichet, n'ont pas pu être préparées ({what}) : \
             réinstallez Guichet"
        ))
    };
    let font = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| failed(e.to_string()))?;
    let provider = font.table_provider(0).map_err(|e| failed(e.to_string()))?;
    let small = subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| failed(e.to_string()))?;
    ParsedFont::from_bytes(&small, 0, &mut Vec::new())
        .ok_or_else(|| failed("sous-ensemble illisible".to_owned()))
}

/// One line of text at (`x`, `y`), in as many runs as faces it needs; the cursor
/// goes back to where it was.
fn text(
    runs: &[(Face, String)],
    fonts: &BTreeMap<Face, FontId>,
    size: i32,
    x: i32,
    y: i32,
) -> Vec<Op> {
    let mut ops = vec![Op::SetTextCursor {
        pos: Point { x: pt(x), y: pt(y) },
    }];
    for (face, run) in runs {
        let Some(font) = fonts.get(face) else {
            continue;
        };
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font.clone()),
            size: pt(size),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(run.clone())],
        });
    }
    ops.push(Op::SetTextCursor {
        pos: Point {
            x: pt(-x),
            y: pt(-y),
        },
    });
    ops
}

/// The code, in the PDF's built-in Courier (it is ASCII, by construction).
pub(crate) fn code_text(code: &str, size: i32, x: i32, y: i32) -> [Op; 4] {
    [
        Op::SetFont {
            font: PdfFontHandle::Builtin(BuiltinFont::Courier),
            size: pt(size),
        },
        Op::SetTextCursor {
            pos: Point { x: pt(x), y: pt(y) },
        },
        Op::ShowText {
            items: vec![TextItem::Text(code.to_owned())],
        },
        Op::SetTextCursor {
            pos: Point {
                x: pt(-x),
                y: pt(-y),
            },
        },
    ]
}

/// The text in visual order (Unicode bidi algorithm, paragraph direction from its
/// first strong character), for a PDF that draws glyphs left to right.
fn visual_order(text: &str) -> String {
    let info = unicode_bidi::BidiInfo::new(text, None);
    info.paragraphs
        .iter()
        .map(|paragraph| info.reorder_line(paragraph, paragraph.range.clone()))
        .collect()
}

/// How an Arabic letter joins its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joining {
    /// To both sides (beh, lam…): four forms.
    Dual,
    /// Only to the letter before it (alef, dal, reh, waw…): two forms.
    Right,
    /// Joins both sides and has one form (tatweel).
    Causing,
    /// Marks, skipped when looking for neighbours.
    Transparent,
    /// Everything else.
    None,
}

fn joining(c: char) -> Joining {
    match c {
        '\u{0622}'..='\u{0625}'
        | '\u{0627}'
        | '\u{0629}'
        | '\u{062F}'..='\u{0632}'
        | '\u{0648}'
        | '\u{0649}' => Joining::Right,
        '\u{0626}' | '\u{0628}' | '\u{062A}'..='\u{062E}' | '\u{0633}'..='\u{063A}' => {
            Joining::Dual
        }
        '\u{0641}'..='\u{0647}' | '\u{064A}' => Joining::Dual,
        '\u{0640}' => Joining::Causing,
        '\u{064B}'..='\u{065F}' | '\u{0670}' => Joining::Transparent,
        _ => Joining::None,
    }
}

/// The first of a letter's forms in Arabic Presentation Forms-B (isolated, then
/// final, initial and medial for dual-joining letters): the block lists the
/// letters U+0621–U+064A in order, one slot for hamza, two per right-joining and
/// four per dual-joining letter.
fn first_form(letter: char) -> Option<u32> {
    let mut slot = 0xFE80;
    for c in '\u{0621}'..='\u{064A}' {
        let width = match (c, joining(c)) {
            ('\u{0621}', _) => 1,
            (_, Joining::Right) => 2,
            (_, Joining::Dual) => 4,
            _ => 0,
        };
        if c == letter {
            return (width > 0).then_some(slot);
        }
        slot += width;
    }
    None
}

/// Arabic letters in their contextual forms (logical order kept).
fn shape_arabic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let neighbour = |from: usize, step: isize| -> Option<char> {
        let mut i = from as isize + step;
        while i >= 0 && (i as usize) < chars.len() {
            let c = chars[i as usize];
            if joining(c) != Joining::Transparent {
                return Some(c);
            }
            i += step;
        }
        None
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let before = neighbour(i, -1)
            .is_some_and(|p| matches!(joining(p), Joining::Dual | Joining::Causing));
        let after_char = neighbour(i, 1);
        let after = after_char.is_some_and(|n| {
            matches!(
                joining(n),
                Joining::Dual | Joining::Right | Joining::Causing
            )
        });
        // Lam then alef is always the lam-alef ligature.
        let ligature = match (c, chars.get(i + 1)) {
            ('\u{0644}', Some('\u{0622}')) => Some(0xFEF5),
            ('\u{0644}', Some('\u{0623}')) => Some(0xFEF7),
            ('\u{0644}', Some('\u{0625}')) => Some(0xFEF9),
            ('\u{0644}', Some('\u{0627}')) => Some(0xFEFB),
            _ => None,
        };
        if let Some(isolated) = ligature {
            out.extend(char::from_u32(isolated + u32::from(before)));
            i += 2;
            continue;
        }
        let form = match (joining(c), first_form(c)) {
            (Joining::Dual, Some(first)) => Some(
                first
                    + match (before, after) {
                        (false, false) => 0,
                        (true, false) => 1,
                        (false, true) => 2,
                        (true, true) => 3,
                    },
            ),
            (Joining::Right, Some(first)) => Some(first + u32::from(before)),
            _ => None,
        };
        out.push(form.and_then(char::from_u32).unwrap_or(c));
        i += 1;
    }
    out
}

fn black() -> Color {
    Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    })
}

/// A ticket's lines: (size, height, runs).
pub(crate) type Lines = Vec<(i32, i32, Vec<(Face, String)>)>;

fn lines(ticket: &TicketPage, faces: &Faces) -> Lines {
    let lines = [
        (Face::Regular, 9, 395, ticket.provider.clone()),
        (Face::Bold, 16, 370, ticket.event.clone()),
        (Face::Regular, 11, 350, ticket.session.clone()),
        (Face::Regular, 11, 332, ticket.product.clone()),
        (
            Face::Regular,
            11,
            314,
            format!("Détenteur : {}", ticket.holder),
        ),
        (
            Face::Regular,
            11,
            296,
            format!("Réservation n° {}", ticket.booking),
        ),
        (
            Face::Bold,
            12,
            276,
            format!("Billet {} / {}", ticket.number, ticket.count),
        ),
        (
            Face::Regular,
            8,
            30,
            "Présentez ce billet à l'entrée : il n'est valable qu'une fois.".to_owned(),
        ),
    ];
    set(lines, faces)
}

/// Lines given as (face, size, height, text), cut into runs of one face each.
pub(crate) fn set(
    lines: impl IntoIterator<Item = (Face, i32, i32, String)>,
    faces: &Faces,
) -> Lines {
    lines
        .into_iter()
        .map(|(face, size, y, line)| (size, y, runs(&line, face, faces)))
        .collect()
}

/// The QR of `code` as filled squares of `module` points, 4 quiet modules around it,
/// centred across a page `page_width` wide, its lower edge at `bottom`; and its side.
pub(crate) fn qr_squares(
    code: &str,
    page_width: i32,
    bottom: i32,
    module: i32,
) -> AppResult<(Vec<Op>, i32)> {
    let qr = QrCode::with_error_correction_level(code.as_bytes(), EcLevel::M)
        .map_err(|e| AppError::input(format!("QR code impossible pour le code {code} ({e})")))?;
    let modules = i32::try_from(qr.width()).unwrap_or(0);
    let side = (modules + 8) * module;
    let left = (page_width - side) / 2;
    let mut ops = vec![Op::SetFillColor { col: black() }];
    for (index, dark) in qr.to_colors().iter().enumerate() {
        if *dark != Module::Dark {
            continue;
        }
        let index = i32::try_from(index).unwrap_or(0);
        let (col, row) = (index % modules, index / modules);
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(left + (col + 4) * module),
                y: pt(bottom + side - (row + 5) * module),
                width: pt(module),
                height: pt(module),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }
    Ok((ops, side))
}

/// The fonts `lines` use, each cut down to the glyphs used, added to `document`.
pub(crate) fn embed_fonts<'a>(
    document: &mut PdfDocument,
    faces: &Faces,
    lines: impl IntoIterator<Item = &'a Lines>,
) -> AppResult<BTreeMap<Face, FontId>> {
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for (face, run) in lines.into_iter().flatten().flat_map(|(_, _, runs)| runs) {
        used.entry(*face).or_default().extend(run.chars());
    }
    let mut fonts = BTreeMap::new();
    for (face, chars) in &used {
        let font = subset(*face, faces, chars)?;
        fonts.insert(*face, document.add_font(&font));
    }
    Ok(fonts)
}

/// `lines` set at x = `x`: their text, then the cursor back where it was.
pub(crate) fn text_lines(lines: &Lines, fonts: &BTreeMap<Face, FontId>, x: i32) -> Vec<Op> {
    lines
        .iter()
        .flat_map(|(size, y, runs)| text(runs, fonts, *size, x, *y))
        .collect()
}

fn page(ticket: &TicketPage, lines: &Lines, fonts: &BTreeMap<Face, FontId>) -> AppResult<PdfPage> {
    let (mut ops, _) = qr_squares(&ticket.code, PAGE_W_PT, 70, MODULE_PT)?;
    ops.push(Op::StartTextSection);
    ops.extend(text_lines(lines, fonts, 24));
    ops.extend(code_text(&ticket.code, 9, 24, 52));
    ops.push(Op::EndTextSection);
    Ok(PdfPage::new(
        Mm::from(pt(PAGE_W_PT)),
        Mm::from(pt(PAGE_H_PT)),
        ops,
    ))
}

/// The PDF of `tickets`, one page each, with the fonts it needs embedded, each cut
/// down to the glyphs used.
pub fn render(title: &str, tickets: &[TicketPage]) -> AppResult<Vec<u8>> {
    render_with_progress(title, tickets, &|_| {})
}

/// [`render`], calling `laid_out(n)` as each of the first `n` pages is laid out (a
/// progress bar for big batches).
pub fn render_with_progress(
    title: &str,
    tickets: &[TicketPage],
    laid_out: &dyn Fn(u32),
) -> AppResult<Vec<u8>> {
    let faces = faces()?;
    let lines: Vec<Lines> = tickets.iter().map(|t| lines(t, faces)).collect();
    let mut document = PdfDocument::new(title);
    let fonts = embed_fonts(&mut document, faces, &lines)?;
    let pages = (1u32..)
        .zip(tickets.iter().zip(&lines))
        .map(|(n, (ticket, lines))| {
            let laid = page(ticket, lines, &fonts);
            laid_out(n);
            laid
        })
        .collect::<AppResult<Vec<_>>>()?;
    let mut warnings = Vec::new();
    Ok(document
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}

/// One line of a plain document (a receipt): its size in points, bold or not, and its
/// cells, each at a distance from the left edge in points.
pub(crate) struct PrintLine {
    /// Font size.
    pub size: i32,
    /// Set in bold.
    pub bold: bool,
    /// (x, text) of each cell.
    pub cells: Vec<(i32, String)>,
}

/// An A4 page's width, in points (contracts and invoices).
pub(crate) const A4_WIDTH_PT: i32 = 595;
/// An A4 page's height, in points.
pub(crate) const A4_HEIGHT_PT: i32 = 842;

/// A line of `size` points, bold or not, with its cells (x, text).
pub(crate) fn line(size: i32, bold: bool, cells: Vec<(i32, String)>) -> PrintLine {
    PrintLine { size, bold, cells }
}

/// A cell laid out: its x and its runs of text.
type Cell = (i32, Vec<(Face, String)>);

/// A one-page document `width_pt` wide and as tall as its lines need, set in the
/// embedded fonts (each cut down to the glyphs used).
pub(crate) fn render_lines(title: &str, width_pt: i32, lines: &[PrintLine]) -> AppResult<Vec<u8>> {
    render_pages(title, width_pt, None, lines)
}

/// A document `width_pt` wide: one page as tall as its lines need, or, with
/// `page_height_pt`, as many pages of that height as the lines fill (an A4 contract).
pub(crate) fn render_pages(
    title: &str,
    width_pt: i32,
    page_height_pt: Option<i32>,
    lines: &[PrintLine],
) -> AppResult<Vec<u8>> {
    const MARGIN: i32 = 14;
    let faces = faces()?;
    let laid: Vec<(i32, Vec<Cell>)> = lines
        .iter()
        .map(|line| {
            let face = if line.bold { Face::Bold } else { Face::Regular };
            let cells = line
                .cells
                .iter()
                .map(|(x, text)| (*x, runs(text, face, faces)))
                .collect();
            (line.size, cells)
        })
        .collect();
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for (face, run) in laid
        .iter()
        .flat_map(|(_, cells)| cells.iter().flat_map(|(_, runs)| runs))
    {
        used.entry(*face).or_default().extend(run.chars());
    }
    let mut document = PdfDocument::new(title);
    let mut fonts = BTreeMap::new();
    for (n, (face, chars)) in used.iter().enumerate() {
        let font = subset(*face, faces, chars)?;
        let id = FontId(format!("F{n}"));
        document
            .resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(font));
        fonts.insert(*face, id);
    }
    let (margin, height) = match page_height_pt {
        Some(h) => (3 * MARGIN, h),
        None => (
            MARGIN,
            2 * MARGIN + laid.iter().map(|(size, _)| size * 3 / 2).sum::<i32>(),
        ),
    };
    let mut pages = Vec::new();
    let mut y = height - margin;
    let mut ops = vec![Op::SetFillColor { col: black() }, Op::StartTextSection];
    for (size, cells) in &laid {
        if y - size * 3 / 2 < margin && page_height_pt.is_some() {
            ops.push(Op::EndTextSection);
            let full = std::mem::replace(
                &mut ops,
                vec![Op::SetFillColor { col: black() }, Op::StartTextSection],
            );
            pages.push(PdfPage::new(
                Mm::from(pt(width_pt)),
                Mm::from(pt(height)),
                full,
            ));
            y = height - margin;
        }
        y -= size * 3 / 2;
        for (x, runs) in cells {
            ops.extend(text(runs, &fonts, *size, *x, y));
        }
    }
    ops.push(Op::EndTextSection);
    pages.push(PdfPage::new(
        Mm::from(pt(width_pt)),
        Mm::from(pt(height)),
        ops,
    ));
    let mut warnings = Vec::new();
    let mut bytes = document
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    fix_file_ids(&mut bytes);
    Ok(bytes)
}

/// Overwrites the random file identifiers printpdf writes in the trailer
/// (`/ID[(…)(…)]`) with zeros of the same length (offsets stay right).
fn fix_file_ids(bytes: &mut [u8]) {
    let Some(at) = bytes.windows(3).rposition(|w| w == b"/ID") else {
        return;
    };
    let mut inside = false;
    let mut depth_done = 0;
    for b in bytes.iter_mut().skip(at + 3) {
        match *b {
            b'(' if !inside => inside = true,
            b')' if inside => {
                inside = false;
                depth_done += 1;
                if depth_done == 2 {
                    break;
                }
            }
            b']' if !inside => break,
            _ if inside => *b = b'0',
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn ticket(holder: &str) -> TicketPage {
        TicketPage {
            provider: "Office de tourisme".to_owned(),
            event: format!("Concert — {holder}"),
            session: "Séance du 14/07/2026 à 20:30".to_owned(),
            product: "Plein tarif — 25,00 €".to_owned(),
            holder: holder.to_owned(),
            booking: "B-1".to_owned(),
            number: 1,
            count: 1,
            code: "GUICHET1-ABCDEF".to_owned(),
        }
    }

    /// The PDF's text as `pdftotext` (poppler-utils) reads it, NFKC-normalised so that
    /// Arabic presentation forms read as the letters they are.
    fn pdf_text(pdf: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("billets.pdf");
        std::fs::write(&path, pdf).unwrap();
        let output = std::process::Command::new("pdftotext")
            .args([path.as_os_str(), "-".as_ref()])
            .output()
            .expect("pdftotext (poppler-utils) must be installed: scripts/setup.sh");
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap().nfkc().collect()
    }

    #[test]
    fn t4_ticket_pdf_prints_the_names_people_actually_have() {
        // Before: the built-in Helvetica (WinAnsi) printed all of these as `?????`.
        let names = [
            "Hélène Lefèvre-Nguyễn",
            "Σοφία Παπαδοπούλου",
            "Анна Кузнецова",
            "王小明",
            "山田花子",
            "김민준",
        ];
        let tickets: Vec<TicketPage> = names.iter().map(|name| ticket(name)).collect();
        let pdf = render("Billets", &tickets).unwrap();
        let text = pdf_text(&pdf);
        for name in names {
            assert!(text.contains(name), "{name} not in: {text}");
        }
        assert!(text.contains("Présentez ce billet"), "{text}");
        assert!(text.contains("GUICHET1-ABCDEF"), "{text}");
        // Only the glyphs used are embedded: not the 2.4 MB of fonts.
        assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
    }

    #[test]
    fn t4_ticket_pdf_prints_arabic_letters_shaped() {
        let name = "أحمد الحسيني";
        let pdf = render("Billets", &[ticket(name)]).unwrap();
        let text = pdf_text(&pdf);
        for letter in name.chars().filter(|c| !c.is_whitespace()) {
            assert!(text.contains(letter), "{letter} not in: {text}");
        }
    }

    #[test]
    fn t4_arabic_letters_take_their_joined_forms() {
        // beh (initial) yeh (medial) teh (final): « بيت ».
        assert_eq!(shape_arabic("بيت"), "\u{FE91}\u{FEF4}\u{FE96}");
        // dal joins only to the letter before it; alef after lam is the ligature.
        assert_eq!(shape_arabic("ولد"), "\u{FEED}\u{FEDF}\u{FEAA}");
        assert_eq!(shape_arabic("سلام"), "\u{FEB3}\u{FEFC}\u{FEE1}");
        assert_eq!(shape_arabic("Marie"), "Marie");
        // Right to left in visual order: the last letter comes first.
        assert_eq!(visual_order("abc \u{05D0}\u{05D1}"), "abc \u{05D1}\u{05D0}");
    }
}
