//! ESC/POS, the command language of thermal receipt printers (Epson's, and the many
//! that copy it), for an 80 mm printer: 576 dots, 48 columns in font A.
//!
//! Text is sent in code page PC858 (`ESC t 19`): the PC850 "Multilingual Latin 1" page
//! that has every French letter (é è ê à ç ô î ù û ï ë É È À Ç…) and the € sign at
//! 0xD5 in place of PC850's dotless ı. It is Epson's page 19 and the one most clone
//! printers number the same; a printer that prints something else for € has its
//! pages numbered otherwise (its self-test page lists them). Text is transcoded from
//! UTF-8 into it: typographic quotes, dashes and the narrow spaces of French
//! typography become their plain forms, œ becomes "oe", and any other character the
//! page lacks becomes '?'. One byte of text is one column.

use super::PrinterError;

/// Columns of a line in font A on an 80 mm printer (576 dots, 12 dots a character).
pub const COLUMNS: usize = 48;

/// The printable width of an 80 mm printer, in dots.
pub const DOTS: u32 = 576;

/// The `ESC t` number of code page PC858 (PC850 with the € sign).
pub const CODE_PAGE_PC858: u8 = 19;

/// Where PC858 puts the € sign.
pub const EURO: u8 = 0xD5;

/// The most bytes a QR code holds here (model 2, version 40, level M, byte mode).
pub const QR_MAX: usize = 2331;

/// The QR module size, in dots (6 dots: a voucher code is about 2 cm wide).
const QR_MODULE: u8 = 6;

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;
const LF: u8 = 0x0A;

/// Horizontal alignment of the lines that follow (`ESC a`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// The pin of the printer's drawer port that opens the cash drawer (`ESC p m`): most
/// drawers are wired to pin 2, some to pin 5.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DrawerPin {
    /// Pin 2 (`m` = 0), the usual one.
    #[default]
    Pin2,
    /// Pin 5 (`m` = 1).
    Pin5,
}

/// A job being written, command by command.
#[derive(Debug, Clone)]
pub struct Escpos {
    bytes: Vec<u8>,
}

impl Default for Escpos {
    fn default() -> Escpos {
        Escpos::new()
    }
}

impl Escpos {
    /// A job that starts by resetting the printer and selecting PC858.
    pub fn new() -> Escpos {
        let mut job = Escpos { bytes: Vec::new() };
        job.init().code_page();
        job
    }

    /// `ESC @`: back to the power-on settings (this also resets the code page).
    pub fn init(&mut self) -> &mut Escpos {
        self.bytes.extend_from_slice(&[ESC, b'@']);
        self
    }

    /// `ESC t 19`: code page PC858, the one [`encode`] writes.
    pub fn code_page(&mut self) -> &mut Escpos {
        self.bytes.extend_from_slice(&[ESC, b't', CODE_PAGE_PC858]);
        self
    }

    /// Text, transcoded into PC858 (no line feed).
    pub fn text(&mut self, text: &str) -> &mut Escpos {
        self.bytes.extend_from_slice(&encode(text));
        self
    }

    /// Text already in PC858 (from [`encode`]); control bytes become '?'.
    pub fn encoded(&mut self, text: &[u8]) -> &mut Escpos {
        self.bytes.extend(text.iter().map(|&byte| {
            if byte < 0x20 || byte == 0x7F {
                b'?'
            } else {
                byte
            }
        }));
        self
    }

    /// Text then a line feed.
    pub fn line(&mut self, text: &str) -> &mut Escpos {
        self.text(text).feed(1)
    }

    /// `ESC E n`: bold on or off.
    pub fn bold(&mut self, on: bool) -> &mut Escpos {
        self.bytes.extend_from_slice(&[ESC, b'E', u8::from(on)]);
        self
    }

    /// `GS ! n`: character width and height, each 1 to 8 times (clamped).
    pub fn size(&mut self, width: u8, height: u8) -> &mut Escpos {
        let width = width.clamp(1, 8) - 1;
        let height = height.clamp(1, 8) - 1;
        self.bytes
            .extend_from_slice(&[GS, b'!', (width << 4) | height]);
        self
    }

    /// `ESC a n`: alignment of the lines that follow.
    pub fn align(&mut self, align: Align) -> &mut Escpos {
        let n = match align {
            Align::Left => 0,
            Align::Center => 1,
            Align::Right => 2,
        };
        self.bytes.extend_from_slice(&[ESC, b'a', n]);
        self
    }

    /// Prints what is buffered and feeds `lines` lines: `LF` for one, `ESC d n` for more.
    pub fn feed(&mut self, lines: u8) -> &mut Escpos {
        match lines {
            0 => {}
            1 => self.bytes.push(LF),
            n => self.bytes.extend_from_slice(&[ESC, b'd', n]),
        }
        self
    }

    /// A QR code of `data` (`GS ( k`: model 2, 6-dot modules, level M, store, print),
    /// at the current alignment.
    pub fn qr(&mut self, data: &str) -> Result<&mut Escpos, PrinterError> {
        let data = data.as_bytes();
        if data.is_empty() || data.len() > QR_MAX {
            return Err(PrinterError::QrTooLong(data.len()));
        }
        // Function 165: model 2.
        self.qr_function(b'A', &[b'2', 0]);
        // Function 167: module size.
        self.qr_function(b'C', &[QR_MODULE]);
        // Function 169: error correction level M (48 L, 49 M, 50 Q, 51 H).
        self.qr_function(b'E', &[49]);
        // Function 180: store the data in the symbol storage area.
        let mut store = vec![b'0'];
        store.extend_from_slice(data);
        self.qr_function(b'P', &store);
        // Function 181: print the stored symbol.
        self.qr_function(b'Q', b"0");
        Ok(self)
    }

    /// `GS ( k pL pH cn fn parameters` with cn = 49 (QR code).
    fn qr_function(&mut self, function: u8, parameters: &[u8]) {
        // pL pH count cn, fn and the parameters; QR_MAX keeps it under 65 536.
        let length = parameters.len() + 2;
        let [low, high] = u16::try_from(length).unwrap_or(u16::MAX).to_le_bytes();
        self.bytes
            .extend_from_slice(&[GS, b'(', b'k', low, high, b'1', function]);
        self.bytes.extend_from_slice(parameters);
    }

    /// `GS V 65 0`: feeds the paper up to the cutter and cuts it through.
    pub fn cut(&mut self) -> &mut Escpos {
        self.bytes.extend_from_slice(&[GS, b'V', 65, 0]);
        self
    }

    /// `ESC p m t1 t2`: a pulse on the drawer port's `pin`, on 50 ms (t1 = 25 × 2 ms),
    /// then off 500 ms (t2 = 250 × 2 ms), which opens the cash drawer.
    pub fn drawer_kick(&mut self, pin: DrawerPin) -> &mut Escpos {
        let m = match pin {
            DrawerPin::Pin2 => 0,
            DrawerPin::Pin5 => 1,
        };
        self.bytes.extend_from_slice(&[ESC, b'p', m, 25, 250]);
        self
    }

    /// The bytes written so far.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The job's bytes, to send to the printer.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// UTF-8 text in PC858, one byte a character (see the module's notes); ASCII control
/// characters become '?' (a tab, a space) so that text never reads as a command.
pub fn encode(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' '..='~' => bytes.push(c as u8),
            '\t' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => bytes.push(b' '),
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => bytes.push(b'\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => bytes.push(b'"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => bytes.push(b'-'),
            '\u{2026}' => bytes.extend_from_slice(b"..."),
            'œ' => bytes.extend_from_slice(b"oe"),
            'Œ' => bytes.extend_from_slice(b"OE"),
            _ => bytes.push(upper_half(c).unwrap_or(b'?')),
        }
    }
    bytes
}

/// The PC858 byte of a character of its upper half (0x80–0xFF).
fn upper_half(c: char) -> Option<u8> {
    PC858_UPPER
        .binary_search_by_key(&c, |&(character, _)| character)
        .ok()
        .and_then(|index| PC858_UPPER.get(index))
        .map(|&(_, byte)| byte)
}

/// The upper half of PC858 (IBM code page 858), sorted by character for the search.
const PC858_UPPER: [(char, u8); 128] = [
    ('\u{00A0}', 0xFF),
    ('\u{00A1}', 0xAD),
    ('\u{00A2}', 0xBD),
    ('\u{00A3}', 0x9C),
    ('\u{00A4}', 0xCF),
    ('\u{00A5}', 0xBE),
    ('\u{00A6}', 0xDD),
    ('\u{00A7}', 0xF5),
    ('\u{00A8}', 0xF9),
    ('\u{00A9}', 0xB8),
    ('\u{00AA}', 0xA6),
    ('\u{00AB}', 0xAE),
    ('\u{00AC}', 0xAA),
    ('\u{00AD}', 0xF0),
    ('\u{00AE}', 0xA9),
    ('\u{00AF}', 0xEE),
    ('\u{00B0}', 0xF8),
    ('\u{00B1}', 0xF1),
    ('\u{00B2}', 0xFD),
    ('\u{00B3}', 0xFC),
    ('\u{00B4}', 0xEF),
    ('\u{00B5}', 0xE6),
    ('\u{00B6}', 0xF4),
    ('\u{00B7}', 0xFA),
    ('\u{00B8}', 0xF7),
    ('\u{00B9}', 0xFB),
    ('\u{00BA}', 0xA7),
    ('\u{00BB}', 0xAF),
    ('\u{00BC}', 0xAC),
    ('\u{00BD}', 0xAB),
    ('\u{00BE}', 0xF3),
    ('\u{00BF}', 0xA8),
    ('\u{00C0}', 0xB7),
    ('\u{00C1}', 0xB5),
    ('\u{00C2}', 0xB6),
    ('\u{00C3}', 0xC7),
    ('\u{00C4}', 0x8E),
    ('\u{00C5}', 0x8F),
    ('\u{00C6}', 0x92),
    ('\u{00C7}', 0x80),
    ('\u{00C8}', 0xD4),
    ('\u{00C9}', 0x90),
    ('\u{00CA}', 0xD2),
    ('\u{00CB}', 0xD3),
    ('\u{00CC}', 0xDE),
    ('\u{00CD}', 0xD6),
    ('\u{00CE}', 0xD7),
    ('\u{00CF}', 0xD8),
    ('\u{00D0}', 0xD1),
    ('\u{00D1}', 0xA5),
    ('\u{00D2}', 0xE3),
    ('\u{00D3}', 0xE0),
    ('\u{00D4}', 0xE2),
    ('\u{00D5}', 0xE5),
    ('\u{00D6}', 0x99),
    ('\u{00D7}', 0x9E),
    ('\u{00D8}', 0x9D),
    ('\u{00D9}', 0xEB),
    ('\u{00DA}', 0xE9),
    ('\u{00DB}', 0xEA),
    ('\u{00DC}', 0x9A),
    ('\u{00DD}', 0xED),
    ('\u{00DE}', 0xE8),
    ('\u{00DF}', 0xE1),
    ('\u{00E0}', 0x85),
    ('\u{00E1}', 0xA0),
    ('\u{00E2}', 0x83),
    ('\u{00E3}', 0xC6),
    ('\u{00E4}', 0x84),
    ('\u{00E5}', 0x86),
    ('\u{00E6}', 0x91),
    ('\u{00E7}', 0x87),
    ('\u{00E8}', 0x8A),
    ('\u{00E9}', 0x82),
    ('\u{00EA}', 0x88),
    ('\u{00EB}', 0x89),
    ('\u{00EC}', 0x8D),
    ('\u{00ED}', 0xA1),
    ('\u{00EE}', 0x8C),
    ('\u{00EF}', 0x8B),
    ('\u{00F0}', 0xD0),
    ('\u{00F1}', 0xA4),
    ('\u{00F2}', 0x95),
    ('\u{00F3}', 0xA2),
    ('\u{00F4}', 0x93),
    ('\u{00F5}', 0xE4),
    ('\u{00F6}', 0x94),
    ('\u{00F7}', 0xF6),
    ('\u{00F8}', 0x9B),
    ('\u{00F9}', 0x97),
    ('\u{00FA}', 0xA3),
    ('\u{00FB}', 0x96),
    ('\u{00FC}', 0x81),
    ('\u{00FD}', 0xEC),
    ('\u{00FE}', 0xE7),
    ('\u{00FF}', 0x98),
    ('\u{0192}', 0x9F),
    ('\u{2017}', 0xF2),
    ('\u{20AC}', 0xD5),
    ('\u{2500}', 0xC4),
    ('\u{2502}', 0xB3),
    ('\u{250C}', 0xDA),
    ('\u{2510}', 0xBF),
    ('\u{2514}', 0xC0),
    ('\u{2518}', 0xD9),
    ('\u{251C}', 0xC3),
    ('\u{2524}', 0xB4),
    ('\u{252C}', 0xC2),
    ('\u{2534}', 0xC1),
    ('\u{253C}', 0xC5),
    ('\u{2550}', 0xCD),
    ('\u{2551}', 0xBA),
    ('\u{2554}', 0xC9),
    ('\u{2557}', 0xBB),
    ('\u{255A}', 0xC8),
    ('\u{255D}', 0xBC),
    ('\u{2560}', 0xCC),
    ('\u{2563}', 0xB9),
    ('\u{2566}', 0xCB),
    ('\u{2569}', 0xCA),
    ('\u{256C}', 0xCE),
    ('\u{2580}', 0xDF),
    ('\u{2584}', 0xDC),
    ('\u{2588}', 0xDB),
    ('\u{2591}', 0xB0),
    ('\u{2592}', 0xB1),
    ('\u{2593}', 0xB2),
    ('\u{25A0}', 0xFE),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_letters_and_the_euro_sign_have_their_pc858_bytes() {
        assert_eq!(encode("€"), [EURO]);
        assert_eq!(
            encode("éèêëàâçîïôùûüÉÈÊÀÇ"),
            [
                0x82, 0x8A, 0x88, 0x89, 0x85, 0x83, 0x87, 0x8C, 0x8B, 0x93, 0x97, 0x96, 0x81, 0x90,
                0xD4, 0xD2, 0xB7, 0x80
            ]
        );
        assert_eq!(encode("«Noël»"), [0xAE, b'N', b'o', 0x89, b'l', 0xAF]);
    }

    #[test]
    fn unmappable_characters_become_question_marks_and_typography_plain() {
        assert_eq!(encode("日本"), b"??");
        assert_eq!(encode("l’œuf – 1\u{202F}100…"), b"l'oeuf - 1 100...");
        assert_eq!(encode("a\nb\x1bc"), b"a?b?c");
    }

    #[test]
    fn every_upper_half_byte_appears_once() {
        let mut seen = [false; 128];
        for window in PC858_UPPER.windows(2) {
            assert!(window[0].0 < window[1].0, "not sorted at {:?}", window[0]);
        }
        for (c, byte) in PC858_UPPER {
            assert!(byte >= 0x80, "{c:?}");
            assert!(!seen[usize::from(byte - 0x80)], "{byte:#x} twice");
            seen[usize::from(byte - 0x80)] = true;
            assert_eq!(encode(&c.to_string()), [byte]);
        }
    }

    #[test]
    fn commands_have_their_bytes() {
        let mut job = Escpos::new();
        job.bold(true)
            .size(2, 2)
            .align(Align::Center)
            .feed(3)
            .cut()
            .drawer_kick(DrawerPin::Pin5);
        assert_eq!(
            job.bytes(),
            [
                0x1B, 0x40, 0x1B, 0x74, 19, 0x1B, 0x45, 1, 0x1D, 0x21, 0x11, 0x1B, 0x61, 1, 0x1B,
                0x64, 3, 0x1D, 0x56, 65, 0, 0x1B, 0x70, 1, 25, 250
            ]
        );
    }

    #[test]
    fn an_empty_or_oversized_qr_code_is_refused() {
        assert_eq!(Escpos::new().qr("").err(), Some(PrinterError::QrTooLong(0)));
        let long = "A".repeat(QR_MAX + 1);
        assert_eq!(
            Escpos::new().qr(&long).err(),
            Some(PrinterError::QrTooLong(QR_MAX + 1))
        );
        assert!(Escpos::new().qr(&"A".repeat(QR_MAX)).is_ok());
    }
}
