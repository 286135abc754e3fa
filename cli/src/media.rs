//! `guichet products photo …`, `products attach|attachments|detach|export-attachment`,
//! `guichet units photo …`: photos (A15, P10) and PDF attachments (A14).

use std::path::Path;

use guichet_app::error::{AppError, AppResult};
use guichet_app::media::{MediaFile, MediaView, Owner};
use guichet_app::App;
use serde_json::json;
use uuid::Uuid;

use crate::args::PhotoAction;
use crate::run::{lines, output, Output};

/// Reads the file given, or says in French why it cannot be.
fn read(file: &Path) -> AppResult<Vec<u8>> {
    Ok(guichet_app::media::read_file(file)?.1)
}

/// Writes a photo or an attachment to `out`.
fn write(file: &MediaFile, out: &Path) -> AppResult<Output> {
    std::fs::write(out, &file.bytes).map_err(|e| {
        AppError::input(format!(
            "{} : le fichier ne peut pas être écrit ({})",
            out.display(),
            guichet_app::error::os_reason(&e)
        ))
    })?;
    let text = format!(
        "{} n° {} écrite dans {} ({}).",
        if file.view.kind == "photo" {
            "Photo"
        } else {
            "Pièce jointe"
        },
        file.view.number,
        out.display(),
        size(file.view.size)
    );
    output(
        &json!({ "media": file.view, "out": out.display().to_string() }),
        text,
    )
}

/// A size in kB or MB, French style, without floats.
fn size(bytes: u32) -> String {
    if bytes < 1_000_000 {
        format!("{} ko", bytes.div_ceil(1000))
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{},{} Mo", tenths / 10, tenths % 10)
    }
}

fn line(m: &MediaView) -> String {
    let pixels = match (m.width, m.height) {
        (Some(w), Some(h)) => format!(" — {w}×{h}"),
        _ => String::new(),
    };
    format!(
        "{}. {} — {}{} — {} [{}]",
        m.number,
        m.name,
        m.format.to_uppercase(),
        pixels,
        size(m.size),
        m.id
    )
}

/// `guichet products photo …` (`unit`: false) or `guichet units photo …` (true).
pub fn photos(app: &mut App, action: PhotoAction, unit: bool) -> AppResult<Output> {
    let owner = |id: Uuid| {
        if unit {
            Owner::Unit(id)
        } else {
            Owner::Product(id)
        }
    };
    match action {
        PhotoAction::List { owner: id } => {
            let photos = app.photos(owner(id))?;
            let text = lines(
                &photos,
                line,
                "Aucune photo : ajoutez-en avec « photo add ID FICHIER ».",
            );
            output(&photos, text)
        }
        PhotoAction::Add { owner: id, file } => {
            let bytes = read(&file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let photo = app.add_photo(owner(id), &name, &bytes)?;
            let text = format!("Photo ajoutée : {}", line(&photo));
            output(&photo, text)
        }
        PhotoAction::Remove { owner: id, number } => {
            let removed = app.remove_photo(owner(id), number)?;
            let text = format!("Photo retirée : {}", removed.name);
            output(&json!({ "removed": removed }), text)
        }
        PhotoAction::Move {
            owner: id,
            number,
            to,
        } => {
            let photos = app.move_photo(owner(id), number, to)?;
            let text = lines(&photos, line, "Aucune photo.");
            output(&photos, text)
        }
        PhotoAction::Export {
            owner: id,
            number,
            out,
        } => write(&app.photo_file(owner(id), number)?, &out),
    }
}

/// `guichet products attach PRODUCT FILE [--name NAME]`.
pub fn attach(app: &mut App, product: Uuid, file: &Path, name: Option<&str>) -> AppResult<Output> {
    let bytes = read(file)?;
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let attachment = app.add_product_attachment(product, name.unwrap_or(&file_name), &bytes)?;
    let text = format!("PDF joint : {}", line(&attachment));
    output(&attachment, text)
}

/// `guichet products attachments PRODUCT`.
pub fn attachments(app: &App, product: Uuid) -> AppResult<Output> {
    let attachments = app.product_attachments(product)?;
    let text = lines(
        &attachments,
        line,
        "Aucun PDF joint : ajoutez-en avec « guichet products attach ID FICHIER.pdf ».",
    );
    output(&attachments, text)
}

/// `guichet products detach PRODUCT N`.
pub fn detach(app: &mut App, product: Uuid, number: u32) -> AppResult<Output> {
    let removed = app.remove_product_attachment(product, number)?;
    let text = format!("PDF retiré : {}", removed.name);
    output(&json!({ "removed": removed }), text)
}

/// `guichet products export-attachment PRODUCT N --out FILE`.
pub fn export_attachment(app: &App, product: Uuid, number: u32, out: &Path) -> AppResult<Output> {
    write(&app.attachment_file(product, number)?, out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a15_sizes_read_the_french_way() {
        assert_eq!(super::size(999), "1 ko");
        assert_eq!(super::size(1_949_999), "1,9 Mo");
        assert_eq!(super::size(1_950_000), "2,0 Mo");
    }
}
