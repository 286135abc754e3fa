//! A product's photos (A15) and PDF attachments (A14) from the window: the window names
//! a file, the command reads it off the main thread and the app tells what it is from
//! its bytes (a JPEG or PNG becomes a photo, a PDF an attachment, anything else is
//! refused in French).

use std::path::PathBuf;

use guichet_app::error::{AppError, AppResult};
use guichet_app::media::{read_file, MediaView, Owner};
use guichet_app::App;
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;
use uuid::Uuid;

use super::{blocking, on_app, Cmd};

/// A photo as the window shows it: its view and its bytes as a `data:` URL.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PhotoShown {
    /// What it is.
    pub view: MediaView,
    /// Its bytes, for an `<img>`.
    pub data_url: String,
}

/// A product's photos, in their order, and its PDF attachments.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProductMedia {
    /// Its photos, the first shown first.
    pub photos: Vec<PhotoShown>,
    /// Its PDF attachments.
    pub attachments: Vec<MediaView>,
}

/// The photos and attachments of `product`.
fn media(app: &App, product: Uuid) -> AppResult<ProductMedia> {
    let owner = Owner::Product(product);
    let photos = app
        .photos(owner)?
        .iter()
        .map(|photo| {
            let file = app.photo_file(owner, photo.number)?;
            Ok(PhotoShown {
                data_url: file.data_url(),
                view: file.view,
            })
        })
        .collect::<AppResult<_>>()?;
    Ok(ProductMedia {
        photos,
        attachments: app.product_attachments(product)?,
    })
}

/// A product's photos and attachments.
#[tauri::command]
#[instrument(skip_all)]
pub async fn product_media(state: Cmd<'_>, product: Uuid) -> AppResult<ProductMedia> {
    on_app(&state, move |app| media(app, product)).await
}

/// Adds the file `file` to `product`: a PDF as an attachment, anything else as a photo
/// (JPEG or PNG, scaled down; other formats refused by name).
#[tauri::command]
#[instrument(skip_all)]
pub async fn add_product_media(
    state: Cmd<'_>,
    product: Uuid,
    file: String,
) -> AppResult<ProductMedia> {
    let path = PathBuf::from(file.trim());
    if !path.is_absolute() {
        return Err(AppError::input(
            "indiquez le chemin complet du fichier, par exemple /home/marie/Images/poney.jpg",
        ));
    }
    let (name, bytes) = blocking(move || read_file(&path)).await?;
    on_app(&state, move |app| {
        if bytes.starts_with(b"%PDF-") {
            app.add_product_attachment(product, &name, &bytes)?;
        } else {
            app.add_photo(Owner::Product(product), &name, &bytes)?;
        }
        media(app, product)
    })
    .await
}

/// Removes photo (or, `attachment`, PDF) number `number` of `product`.
#[tauri::command]
#[instrument(skip_all, fields(number, attachment))]
pub async fn remove_product_media(
    state: Cmd<'_>,
    product: Uuid,
    number: u32,
    attachment: bool,
) -> AppResult<ProductMedia> {
    on_app(&state, move |app| {
        if attachment {
            app.remove_product_attachment(product, number)?;
        } else {
            app.remove_photo(Owner::Product(product), number)?;
        }
        media(app, product)
    })
    .await
}

/// Moves photo `number` of `product` to place `to` (1: shown first).
#[tauri::command]
#[instrument(skip_all, fields(number, to))]
pub async fn move_product_photo(
    state: Cmd<'_>,
    product: Uuid,
    number: u32,
    to: u32,
) -> AppResult<ProductMedia> {
    on_app(&state, move |app| {
        app.move_photo(Owner::Product(product), number, to)?;
        media(app, product)
    })
    .await
}
