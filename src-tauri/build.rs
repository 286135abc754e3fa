//! Tauri's build step: embeds the configuration and the capabilities.

fn main() {
    tauri_build::build();
}
