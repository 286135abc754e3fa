//! An ESC/POS decoder for the tests, written from the command reference (Epson's
//! "ESC/POS Application Programming Guide" and command pages), not from the encoder:
//! it reads a byte stream the way a printer does and turns it into commands, and it
//! fails on any byte sequence it does not know, so that a stray byte in a job is a
//! failed test rather than garbage on paper.
//!
//! Text bytes (0x20–0xFF) are decoded with the selected code page: ASCII for the lower
//! half, and for the upper half only page 19 (PC858), whose chart is below; an upper
//! byte under any other page fails.

#![allow(dead_code)]

/// A decoded command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `ESC @` (1B 40): initialise the printer.
    Init,
    /// `ESC t n` (1B 74 n): select character code table n.
    CodePage(u8),
    /// A run of printable bytes, decoded from the code page.
    Text(String),
    /// `ESC E n` (1B 45 n): emphasised mode, on when n's lowest bit is 1.
    Bold(bool),
    /// `GS ! n` (1D 21 n): bits 4–6 width − 1, bits 0–2 height − 1.
    Size { width: u8, height: u8 },
    /// `ESC a n` (1B 61 n): justification.
    Align(Justify),
    /// `LF` (0A): one line; `ESC d n` (1B 64 n): n lines.
    Feed(u8),
    /// `GS ( k` with cn = 49: the symbol printed by function 181, with the data stored
    /// by function 180 and the module size (167) and correction level (169) set before.
    Qr {
        data: String,
        module: u8,
        level: char,
    },
    /// `GS V m` (1D 56 m): function A (m 0/48 full, 1/49 partial) or function B
    /// (m 65 full, 66 partial, then n: feed to the cutter + n units).
    Cut { partial: bool, feed: u8 },
    /// `ESC p m t1 t2` (1B 70 m t1 t2): pulse on pin 2 (m 0/48) or pin 5 (m 1/49), on
    /// for t1 × 2 ms, off for t2 × 2 ms.
    DrawerKick { pin: u8, on_ms: u16, off_ms: u16 },
}

/// `ESC a` justification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Justify {
    Left,
    Center,
    Right,
}

/// IBM code page 858: the upper half (0x80–0xFF), row by row as its chart shows it.
const PC858: [&str; 8] = [
    "ÇüéâäàåçêëèïîìÄÅ",               // 0x80
    "ÉæÆôöòûùÿÖÜø£Ø×ƒ",               // 0x90
    "áíóúñÑªº¿®¬½¼¡«»",               // 0xA0
    "░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐",               // 0xB0
    "└┴┬├─┼ãÃ╚╔╩╦╠═╬¤",               // 0xC0
    "ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀",               // 0xD0
    "ÓßÔÒõÕµþÞÚÛÙýÝ¯´",               // 0xE0
    "\u{00AD}±‗¾¶§÷¸°¨·¹³²■\u{00A0}", // 0xF0
];

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;
const LF: u8 = 0x0A;

/// The character a byte stands for under `page`.
fn character(page: u8, byte: u8) -> Result<char, String> {
    if byte < 0x80 {
        return Ok(char::from(byte));
    }
    if page != 19 {
        return Err(format!(
            "byte {byte:#04x} under code page {page}: only page 19 (PC858) is known"
        ));
    }
    let row = PC858[usize::from((byte - 0x80) / 16)];
    row.chars()
        .nth(usize::from(byte % 16))
        .ok_or_else(|| format!("PC858 chart has no {byte:#04x}"))
}

/// A cursor over the job.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self, what: &str) -> Result<u8, String> {
        let byte = self
            .bytes
            .get(self.at)
            .copied()
            .ok_or_else(|| format!("job ends inside {what} at {}", self.at))?;
        self.at += 1;
        Ok(byte)
    }

    fn take(&mut self, count: usize, what: &str) -> Result<&[u8], String> {
        let slice = self
            .bytes
            .get(self.at..self.at + count)
            .ok_or_else(|| format!("job ends inside {what} at {}", self.at))?;
        self.at += count;
        Ok(slice)
    }
}

/// The commands of a job, or where and why it is not ESC/POS as this decoder knows it.
pub fn decode(bytes: &[u8]) -> Result<Vec<Command>, String> {
    let mut reader = Reader { bytes, at: 0 };
    let mut commands = Vec::new();
    // After power-on or ESC @, page 0 (PC437).
    let mut page = 0u8;
    let mut text = String::new();
    // The QR state: model, module size, level, stored data.
    let mut qr_model = None;
    let mut qr_module = 3u8;
    let mut qr_level = 'L';
    let mut qr_data: Option<String> = None;
    while reader.at < bytes.len() {
        let start = reader.at;
        let byte = reader.byte("a command")?;
        if byte >= 0x20 {
            text.push(character(page, byte)?);
            continue;
        }
        if !text.is_empty() {
            commands.push(Command::Text(std::mem::take(&mut text)));
        }
        let command = match byte {
            LF => Command::Feed(1),
            ESC => match reader.byte("ESC")? {
                b'@' => {
                    page = 0;
                    qr_model = None;
                    Command::Init
                }
                b't' => {
                    page = reader.byte("ESC t")?;
                    Command::CodePage(page)
                }
                b'E' => Command::Bold(reader.byte("ESC E")? & 1 == 1),
                b'a' => Command::Align(match reader.byte("ESC a")? {
                    0 | 48 => Justify::Left,
                    1 | 49 => Justify::Center,
                    2 | 50 => Justify::Right,
                    n => return Err(format!("ESC a {n} at {start}: no such justification")),
                }),
                b'd' => Command::Feed(reader.byte("ESC d")?),
                b'p' => {
                    let pin = match reader.byte("ESC p")? {
                        0 | 48 => 2,
                        1 | 49 => 5,
                        m => return Err(format!("ESC p {m} at {start}: no such pin")),
                    };
                    let on = reader.byte("ESC p")?;
                    let off = reader.byte("ESC p")?;
                    Command::DrawerKick {
                        pin,
                        on_ms: u16::from(on) * 2,
                        off_ms: u16::from(off) * 2,
                    }
                }
                other => return Err(format!("unknown command ESC {other:#04x} at {start}")),
            },
            GS => match reader.byte("GS")? {
                b'!' => {
                    let n = reader.byte("GS !")?;
                    if n & 0x88 != 0 {
                        return Err(format!("GS ! {n:#04x} at {start}: size out of 1–8"));
                    }
                    Command::Size {
                        width: (n >> 4) + 1,
                        height: (n & 0x0F) + 1,
                    }
                }
                b'V' => match reader.byte("GS V")? {
                    0 | 48 => Command::Cut {
                        partial: false,
                        feed: 0,
                    },
                    1 | 49 => Command::Cut {
                        partial: true,
                        feed: 0,
                    },
                    m @ (65 | 66) => Command::Cut {
                        partial: m == 66,
                        feed: reader.byte("GS V")?,
                    },
                    m => return Err(format!("GS V {m} at {start}: unknown cut")),
                },
                b'(' => {
                    if reader.byte("GS (")? != b'k' {
                        return Err(format!("unknown GS ( function at {start}"));
                    }
                    let low = reader.byte("GS ( k")?;
                    let high = reader.byte("GS ( k")?;
                    let length = usize::from(low) + 256 * usize::from(high);
                    if length < 2 {
                        return Err(format!("GS ( k at {start}: length {length}"));
                    }
                    let body = reader.take(length, "GS ( k")?;
                    let (cn, function, parameters) = (body[0], body[1], &body[2..]);
                    if cn != 49 {
                        return Err(format!("GS ( k cn {cn} at {start}: not a QR code"));
                    }
                    match (function, parameters) {
                        (65, [model, 0]) => {
                            qr_model = Some(*model);
                            continue;
                        }
                        (67, [size]) if (1..=16).contains(size) => {
                            qr_module = *size;
                            continue;
                        }
                        (69, [level @ 48..=51]) => {
                            qr_level = ['L', 'M', 'Q', 'H'][usize::from(level - 48)];
                            continue;
                        }
                        (80, [48, data @ ..]) => {
                            let data = String::from_utf8(data.to_vec())
                                .map_err(|_| format!("QR data at {start} is not UTF-8"))?;
                            qr_data = Some(data);
                            continue;
                        }
                        (81, [48]) => {
                            if qr_model != Some(50) {
                                return Err(format!("QR printed at {start} without model 2"));
                            }
                            let data = qr_data
                                .take()
                                .ok_or_else(|| format!("QR printed at {start} with no data"))?;
                            Command::Qr {
                                data,
                                module: qr_module,
                                level: qr_level,
                            }
                        }
                        _ => {
                            return Err(format!(
                                "GS ( k function {function} {parameters:?} at {start}: unknown"
                            ))
                        }
                    }
                }
                other => return Err(format!("unknown command GS {other:#04x} at {start}")),
            },
            other => return Err(format!("unknown control byte {other:#04x} at {start}")),
        };
        commands.push(command);
    }
    if !text.is_empty() {
        commands.push(Command::Text(text));
    }
    Ok(commands)
}
