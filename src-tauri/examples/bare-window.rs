//! A bare Tauri 2 window: the same tauri, the same build profile, a one-line HTML page
//! and no command. It is the memory baseline that `scripts/bench-gate-memory.sh`
//! measures beside the gate in the same run (build-notes.md: "memory anchor").
//! Built only when asked: `cargo build -p guichet-desktop --example bare-window`.

fn main() {
    let context = tauri::generate_context!("examples/bare-window/tauri.conf.json");
    if let Err(error) = tauri::Builder::default().run(context) {
        eprintln!("la fenêtre nue s'est arrêtée : {error}");
        std::process::exit(1);
    }
}
