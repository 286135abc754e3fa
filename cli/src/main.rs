//! `guichet`: every user action from the command line (cli.md). Exit status 0 done,
//! 1 refused by a business rule, 2 bad input; never a panic.

mod args;
mod french;
mod run;

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::{ArgMatches, CommandFactory, FromArgMatches};
use guichet_app::{default_data_dir, logging};

/// The command's name, subcommands included (`tickets issue`): names only, never
/// the values given (they may be a guest's name or e-mail).
fn command_name(matches: &ArgMatches) -> String {
    let mut names = Vec::new();
    let mut current = matches;
    while let Some((name, sub)) = current.subcommand() {
        names.push(name);
        current = sub;
    }
    names.join(" ")
}

fn main() -> ExitCode {
    let parsed = args::Cli::command()
        .try_get_matches()
        .and_then(|matches| Ok((args::Cli::from_arg_matches(&matches)?, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    // The log goes to the data dir; a command that needs none writes there only when
    // the folder already exists.
    let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    let stateless = matches!(cli.command, args::Command::Stateless(_));
    let log_dir = if stateless && !data_dir.is_dir() {
        std::path::PathBuf::new()
    } else {
        data_dir
    };
    let _logging = if log_dir.as_os_str().is_empty() {
        logging::init_stderr(cli.verbose)
    } else {
        logging::init(&log_dir, "guichet", cli.verbose)
    };
    let name = command_name(&matches);
    let span = tracing::info_span!("commande", name = %name);
    let _entered = span.enter();
    tracing::info!("début");
    let started = Instant::now();
    let json = cli.json;
    let result = run::run(cli);
    let ms = started.elapsed().as_millis();
    match &result {
        Ok(out) => tracing::info!(exit = out.exit, ms, "fin"),
        // The code only: a message may quote what was typed (a name, an e-mail).
        Err(error) => tracing::warn!(code = ?error.code, exit = error.exit_code(), ms, "refus"),
    }
    match result {
        Ok(mut out) => {
            for warning in &out.warnings {
                tracing::warn!(step = %warning.step, "étape après l'enregistrement en échec");
                let _ = writeln!(std::io::stderr(), "Attention : {}", warning.message);
            }
            if let (Some(object), false) = (out.json.as_object_mut(), out.warnings.is_empty()) {
                object.insert("warnings".to_owned(), serde_json::json!(out.warnings));
            }
            let text = match (&out.json, json, out.json_lines) {
                (serde_json::Value::Array(items), true, true) => items
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
                (value, true, _) => value.to_string(),
                _ => out.text,
            };
            let _ = writeln!(std::io::stdout(), "{text}");
            ExitCode::from(out.exit)
        }
        Err(error) => {
            if json {
                let _ = writeln!(
                    std::io::stdout(),
                    "{}",
                    serde_json::json!({ "error": error })
                );
            }
            let _ = writeln!(std::io::stderr(), "Erreur : {}", error.message);
            ExitCode::from(error.exit_code())
        }
    }
}
