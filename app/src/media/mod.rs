//! Use cases: photos of products (A15) and of accommodation units (P10), PDF
//! attachments of products (A14). Bytes in, a view out: the window's commands pass the
//! file it read, the command line the file it was given. What a file is comes from its
//! bytes, never its name.
//!
//! A photo or an attachment travels to the provider's other devices inside its own
//! operation (`media_added`, the bytes in base64 with their SHA-256), through the same
//! outbox and server log as every other write: it arrives whole or not at all, in
//! order after its product, and a device never holds a reference to bytes it lacks.

pub mod photo;

use guichet_core::media::{self, Format, MAX_ATTACHMENT_BYTES, PRODUCT_PHOTO_BOX, UNIT_PHOTO_BOX};
use guichet_core::sync::op::{
    MediaAdded, MediaFormat, MediaKind, MediaOwner, MediaReordered, Removed,
};
use guichet_core::sync::wire::{Blob, Text};
use guichet_core::sync::Op;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::operators::Permission;
use crate::App;

/// A photo or an attachment, as the window and the command line show it (its bytes
/// apart: [`App::media_file`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MediaView {
    /// Its id.
    pub id: Uuid,
    /// Its product or unit.
    pub owner: Uuid,
    /// `product` or `unit`.
    pub owner_kind: String,
    /// `photo` or `attachment`.
    pub kind: String,
    /// Its number among its owner's photos (or attachments), from 1, in their order.
    pub number: u32,
    /// Its file name (an attachment's title).
    pub name: String,
    /// `jpeg`, `png` or `pdf`.
    pub format: String,
    /// `image/jpeg`, `image/png`, `application/pdf`.
    pub mime: String,
    /// A photo's width in pixels.
    pub width: Option<u32>,
    /// A photo's height in pixels.
    pub height: Option<u32>,
    /// Its size in bytes.
    pub size: u32,
    /// The SHA-256 of its bytes.
    pub sha256: String,
}

/// A photo or an attachment with its bytes, to save to a file or show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// What it is.
    pub view: MediaView,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl MediaFile {
    /// As a `data:` URL, for an `<img>` or an `<iframe>` of the window.
    pub fn data_url(&self) -> String {
        use base64::Engine as _;
        format!(
            "data:{};base64,{}",
            self.view.mime,
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }
}

/// What a photo belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A till product.
    Product(Uuid),
    /// An accommodation unit.
    Unit(Uuid),
}

impl Owner {
    fn id(self) -> Uuid {
        match self {
            Owner::Product(id) | Owner::Unit(id) => id,
        }
    }

    fn kind(self) -> MediaOwner {
        match self {
            Owner::Product(_) => MediaOwner::Product,
            Owner::Unit(_) => MediaOwner::Unit,
        }
    }

    fn permission(self) -> Permission {
        match self {
            Owner::Product(_) => Permission::EditProducts,
            Owner::Unit(_) => Permission::EditUnits,
        }
    }

    /// The box its photos fit in.
    fn photo_box(self) -> (u32, u32) {
        match self {
            Owner::Product(_) => PRODUCT_PHOTO_BOX,
            Owner::Unit(_) => UNIT_PHOTO_BOX,
        }
    }

    /// Checks it exists here.
    fn require(self, conn: &Connection) -> AppResult<()> {
        match self {
            Owner::Product(id) => crate::till::products::require_product(conn, id).map(drop),
            Owner::Unit(id) => crate::planning::units::require_unit(conn, id).map(drop),
        }
    }
}

/// The refusal of an attachment that is not a PDF, naming what it is.
fn not_a_pdf(found: Format) -> AppError {
    AppError::input(format!(
        "ce fichier est {} : une pièce jointe doit être un PDF ; enregistrez le document \
         en PDF (« Exporter en PDF » de votre traitement de texte)",
        found.french()
    ))
}

/// The largest file read as a photo or an attachment: a camera's photo rarely weighs
/// more than 20 MB; it is scaled down before it is kept.
pub const MAX_READ_BYTES: u64 = 50_000_000;

/// Reads the photo or attachment `file` the user named: its name and its bytes, or why
/// not, in French (missing, unreadable, a folder, over 50 MB).
pub fn read_file(file: &std::path::Path) -> AppResult<(String, Vec<u8>)> {
    let unreadable = |e: std::io::Error| {
        AppError::input(format!(
            "{} : le fichier ne peut pas être lu ({})",
            file.display(),
            crate::error::os_reason(&e)
        ))
    };
    let meta = std::fs::metadata(file).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(AppError::input(format!(
            "{} est un dossier : indiquez le fichier lui-même",
            file.display()
        )));
    }
    if meta.len() > MAX_READ_BYTES {
        return Err(AppError::input(format!(
            "{} pèse {} Mo : au plus 50 Mo ; réduisez la photo ou le PDF d'abord",
            file.display(),
            meta.len() / 1_000_000
        )));
    }
    let bytes = std::fs::read(file).map_err(unreadable)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes))
}

/// Checks a PDF attachment: `%PDF-`, within 5 MB, and complete (`%%EOF` near its end).
pub fn check_pdf(bytes: &[u8]) -> AppResult<()> {
    if bytes.is_empty() {
        return Err(AppError::input("ce fichier est vide : choisissez un PDF"));
    }
    let found = Format::sniff(bytes);
    if found != Format::Pdf {
        return Err(not_a_pdf(found));
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(AppError::input(format!(
            "ce PDF pèse {} : une pièce jointe pèse au plus {} Mo ; enregistrez-le en \
             « taille réduite » ou coupez-le en plusieurs",
            megabytes(bytes.len()),
            MAX_ATTACHMENT_BYTES / 1_000_000
        )));
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(AppError::input(
            "ce PDF est incomplet (sa fin manque) : enregistrez-le à nouveau et réessayez",
        ));
    }
    Ok(())
}

/// `bytes` in megabytes, one decimal, French style (`5,2 Mo`), without floats.
fn megabytes(bytes: usize) -> String {
    let tenths = (bytes + 50_000) / 100_000;
    format!("{},{} Mo", tenths / 10, tenths % 10)
}

/// A file name kept: its last path part, printable, at most 200 characters, with the
/// extension of what it now is (a PNG kept as JPEG is `….jpg`).
fn file_name(given: &str, format: Format, fallback: &str) -> AppResult<Text> {
    let base = given
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>();
    let base = base.trim();
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem.trim(),
        Some(_) => fallback,
        None if base.is_empty() => fallback,
        None => base,
    };
    let extension = format.extension();
    let stem: String = stem
        .chars()
        .take(guichet_core::bounds::MAX_NAME_CHARS - extension.len() - 1)
        .collect();
    Ok(Text::try_from(format!("{stem}.{extension}"))?)
}

fn media_format(format: Format) -> AppResult<MediaFormat> {
    match format {
        Format::Jpeg => Ok(MediaFormat::Jpeg),
        Format::Png => Ok(MediaFormat::Png),
        Format::Pdf => Ok(MediaFormat::Pdf),
        other => Err(photo::not_a_photo(other)),
    }
}

const COLUMNS: &str = "id, owner_id, owner_kind, kind, name, format, width, height, size, sha256";

fn view(r: &rusqlite::Row<'_>, number: u32) -> rusqlite::Result<MediaView> {
    let format: String = r.get(5)?;
    let mime = MediaFormat::from_code(&format)
        .map(|f| f.format().mime())
        .unwrap_or("application/octet-stream");
    Ok(MediaView {
        id: crate::store::read::parse(r, 0)?,
        owner: crate::store::read::parse(r, 1)?,
        owner_kind: r.get(2)?,
        kind: r.get(3)?,
        number,
        name: r.get(4)?,
        mime: mime.to_owned(),
        format,
        width: r.get(6)?,
        height: r.get(7)?,
        size: r.get(8)?,
        sha256: r.get(9)?,
    })
}

/// The photos (or attachments) of `owner`, in their order, numbered from 1.
fn list(conn: &Connection, owner: Uuid, kind: MediaKind) -> AppResult<Vec<MediaView>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM media WHERE owner_id = ?1 AND kind = ?2 ORDER BY position, id"
    ))?;
    let mut number = 0u32;
    let rows = statement.query_map((owner.to_string(), kind.code()), |r| {
        number += 1;
        view(r, number)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The `n`th of `owner`'s photos (or attachments), or a refusal that says how many
/// there are.
fn nth(conn: &Connection, owner: Uuid, kind: MediaKind, n: u32) -> AppResult<MediaView> {
    let all = list(conn, owner, kind)?;
    let what = match kind {
        MediaKind::Photo => ("photo", "photos"),
        MediaKind::Attachment => ("pièce jointe", "pièces jointes"),
    };
    let count = u32::try_from(all.len()).unwrap_or(u32::MAX);
    all.into_iter()
        .find(|m| m.number == n)
        .ok_or_else(|| match count {
            0 => AppError::input(format!("il n'y a aucune {} ici", what.0)),
            _ => AppError::input(format!(
                "il n'y a pas de {} numéro {n} : il y en a {} (numérotées de 1 à {count})",
                what.0,
                guichet_core::calendar::plural(count, what.0, what.1)
            )),
        })
}

impl App {
    /// Adds a photo to a product (A15) or a unit (P10): a JPEG or PNG, scaled down to
    /// fit 1000×1000 (a unit: 1024×768), re-encoded under 2 MB without metadata. `name`
    /// is the file's name (only its stem is kept); `bytes` its content.
    pub fn add_photo(&mut self, owner: Owner, name: &str, bytes: &[u8]) -> AppResult<MediaView> {
        self.require(owner.permission())?;
        owner.require(self.store().conn())?;
        let photo = photo::prepare(bytes, owner.photo_box())?;
        let format = media_format(photo.format)?;
        let name = file_name(name, photo.format, "photo")?;
        self.add_media(owner, MediaKind::Photo, name, format, photo)
    }

    /// Adds a PDF attachment to a product, shown under its description before booking
    /// (A14): a PDF of at most 5 MB, kept as it is, under `name` (its title).
    pub fn add_product_attachment(
        &mut self,
        product: Uuid,
        name: &str,
        bytes: &[u8],
    ) -> AppResult<MediaView> {
        let owner = Owner::Product(product);
        self.require(owner.permission())?;
        owner.require(self.store().conn())?;
        check_pdf(bytes)?;
        let name = file_name(name, Format::Pdf, "piece-jointe")?;
        let pdf = photo::Photo {
            bytes: bytes.to_vec(),
            format: Format::Pdf,
            width: 0,
            height: 0,
        };
        self.add_media(owner, MediaKind::Attachment, name, MediaFormat::Pdf, pdf)
    }

    fn add_media(
        &mut self,
        owner: Owner,
        kind: MediaKind,
        name: Text,
        format: MediaFormat,
        file: photo::Photo,
    ) -> AppResult<MediaView> {
        let (width, height) = match kind {
            MediaKind::Photo => (Some(file.width), Some(file.height)),
            MediaKind::Attachment => (None, None),
        };
        let sha256 = Text::try_from(media::sha256_hex(&file.bytes))?;
        let bytes = Blob::new(file.bytes)?;
        let id = self.write(|tx| {
            let position: u32 = tx.conn().query_row(
                "SELECT COALESCE(MAX(position) + 1, 0) FROM media WHERE owner_id = ?1 AND kind = ?2",
                (owner.id().to_string(), kind.code()),
                |r| r.get(0),
            )?;
            let id = tx.new_id();
            let op = MediaAdded {
                id,
                owner: owner.id(),
                owner_kind: owner.kind(),
                kind,
                name,
                format,
                width,
                height,
                position,
                sha256,
                bytes,
            };
            op.check()?;
            tx.commit_op(Op::MediaAdded(op))?;
            Ok(id)
        })?;
        list(self.store().conn(), owner.id(), kind)?
            .into_iter()
            .find(|m| m.id == id)
            .ok_or_else(|| AppError::input("la photo ajoutée est introuvable"))
    }

    /// The photos of a product or a unit, in their order.
    pub fn photos(&self, owner: Owner) -> AppResult<Vec<MediaView>> {
        owner.require(self.store().conn())?;
        list(self.store().conn(), owner.id(), MediaKind::Photo)
    }

    /// The PDF attachments of a product, in their order.
    pub fn product_attachments(&self, product: Uuid) -> AppResult<Vec<MediaView>> {
        Owner::Product(product).require(self.store().conn())?;
        list(self.store().conn(), product, MediaKind::Attachment)
    }

    /// Removes the `n`th photo (from 1) of a product or a unit.
    pub fn remove_photo(&mut self, owner: Owner, n: u32) -> AppResult<MediaView> {
        self.remove_media(owner, MediaKind::Photo, n)
    }

    /// Removes the `n`th attachment (from 1) of a product.
    pub fn remove_product_attachment(&mut self, product: Uuid, n: u32) -> AppResult<MediaView> {
        self.remove_media(Owner::Product(product), MediaKind::Attachment, n)
    }

    fn remove_media(&mut self, owner: Owner, kind: MediaKind, n: u32) -> AppResult<MediaView> {
        self.require(owner.permission())?;
        self.write(|tx| {
            owner.require(tx.conn())?;
            let media = nth(tx.conn(), owner.id(), kind, n)?;
            tx.commit_op(Op::MediaRemoved(Removed { id: media.id }))?;
            Ok(media)
        })
    }

    /// Moves the `n`th photo (from 1) of a product or a unit to place `to` (from 1);
    /// returns the photos in their new order. The first photo is the one shown first.
    pub fn move_photo(&mut self, owner: Owner, n: u32, to: u32) -> AppResult<Vec<MediaView>> {
        self.move_media(owner, MediaKind::Photo, n, to)
    }

    /// Moves the `n`th attachment (from 1) of a product to place `to` (from 1).
    pub fn move_product_attachment(
        &mut self,
        product: Uuid,
        n: u32,
        to: u32,
    ) -> AppResult<Vec<MediaView>> {
        self.move_media(Owner::Product(product), MediaKind::Attachment, n, to)
    }

    fn move_media(
        &mut self,
        owner: Owner,
        kind: MediaKind,
        n: u32,
        to: u32,
    ) -> AppResult<Vec<MediaView>> {
        self.require(owner.permission())?;
        self.write(|tx| {
            owner.require(tx.conn())?;
            let moved = nth(tx.conn(), owner.id(), kind, n)?;
            let mut order: Vec<Uuid> = list(tx.conn(), owner.id(), kind)?
                .into_iter()
                .map(|m| m.id)
                .filter(|id| *id != moved.id)
                .collect();
            let last = u32::try_from(order.len()).unwrap_or(u32::MAX) + 1;
            if !(1..=last).contains(&to) {
                return Err(AppError::input(format!(
                    "place {to} impossible : choisissez une place de 1 à {last}"
                )));
            }
            let at = usize::try_from(to - 1).unwrap_or(order.len());
            order.insert(at.min(order.len()), moved.id);
            tx.commit_op(Op::MediaReordered(MediaReordered {
                owner: owner.id(),
                kind,
                order,
            }))
        })?;
        list(self.store().conn(), owner.id(), kind)
    }

    /// The `n`th photo (from 1) of a product or a unit, with its bytes.
    pub fn photo_file(&self, owner: Owner, n: u32) -> AppResult<MediaFile> {
        owner.require(self.store().conn())?;
        let view = nth(self.store().conn(), owner.id(), MediaKind::Photo, n)?;
        self.media_file(view.id)
    }

    /// The `n`th attachment (from 1) of a product, with its bytes.
    pub fn attachment_file(&self, product: Uuid, n: u32) -> AppResult<MediaFile> {
        Owner::Product(product).require(self.store().conn())?;
        let view = nth(self.store().conn(), product, MediaKind::Attachment, n)?;
        self.media_file(view.id)
    }

    /// A photo or an attachment by its id, with its bytes.
    pub fn media_file(&self, id: Uuid) -> AppResult<MediaFile> {
        let conn = self.store().conn();
        let found = conn
            .query_row(
                &format!("SELECT {COLUMNS}, bytes, position FROM media WHERE id = ?1"),
                [id.to_string()],
                |r| Ok((view(r, 0)?, r.get::<_, Vec<u8>>(10)?)),
            )
            .optional()?;
        let (mut view, bytes) = found.ok_or_else(|| {
            AppError::input(format!(
                "aucune photo ni pièce jointe n'a l'identifiant {id} (supprimée ?)"
            ))
        })?;
        let kind = if view.kind == "photo" {
            MediaKind::Photo
        } else {
            MediaKind::Attachment
        };
        view.number = list(conn, view.owner, kind)?
            .iter()
            .find(|m| m.id == id)
            .map_or(0, |m| m.number);
        Ok(MediaFile { view, bytes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a14_a15_file_names_keep_their_stem_and_take_the_real_extension() {
        let name = |given: &str, format| file_name(given, format, "photo").unwrap();
        assert_eq!(
            name("/tmp/Poney au pré.PNG", Format::Jpeg).as_str(),
            "Poney au pré.jpg"
        );
        assert_eq!(
            name("C:\\Photos\\gîte.jpeg", Format::Jpeg).as_str(),
            "gîte.jpg"
        );
        assert_eq!(name("", Format::Png).as_str(), "photo.png");
        assert_eq!(name(".png", Format::Png).as_str(), "photo.png");
        assert_eq!(name("tarifs", Format::Pdf).as_str(), "tarifs.pdf");
        assert_eq!(
            name(&"é".repeat(300), Format::Pdf).as_str().chars().count(),
            200
        );
    }

    #[test]
    fn a14_megabytes_are_written_the_french_way() {
        assert_eq!(megabytes(5_200_000), "5,2 Mo");
        assert_eq!(megabytes(12_345_678), "12,3 Mo");
    }
}
