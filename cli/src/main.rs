//! `guichet`: every user action from the command line (cli.md). Exit status 0 done,
//! 1 refused by a business rule, 2 bad input; never a panic.

mod args;
mod english;
mod french;
mod ical;
mod imports;
mod invoices;
mod lang;
mod mail;
mod media;
mod paperwork;
mod payments;
mod run;
mod till;

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::error::ErrorKind;
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

/// `guichet help [COMMAND…]` (at any level): the command's path, when asked.
fn help_request(matches: &ArgMatches) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut current = matches;
    while let Some((name, sub)) = current.subcommand() {
        if name == "help" {
            names.extend(
                sub.get_many::<String>("commande")
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
            return Some(names);
        }
        names.push(name.to_owned());
        current = sub;
    }
    None
}

/// Prints the help of the command at `path`, or says it does not exist (exit 2).
fn print_help(command: &mut clap::Command, path: &[String]) -> ExitCode {
    let mut current = command;
    for name in path {
        match current.find_subcommand_mut(name) {
            Some(sub) => current = sub,
            None => {
                let name = guichet_core::bounds::printable(name);
                let _ = writeln!(
                    std::io::stderr(),
                    "{}",
                    match lang::current() {
                        lang::Lang::Fr => format!(
                            "Erreur : commande inconnue « {name} » : les commandes sont dans « guichet help »"
                        ),
                        lang::Lang::En => format!(
                            "Error: unknown command '{name}': the commands are in 'guichet help'"
                        ),
                    }
                );
                return ExitCode::from(2);
            }
        }
    }
    let _ = write!(std::io::stdout(), "{}", current.render_long_help());
    ExitCode::SUCCESS
}

/// A usage error (or the help, or the version that clap answers by itself).
/// `typed` is the command the arguments name.
fn parse_failure(error: &clap::Error, typed: &str) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = write!(std::io::stderr(), "{}", error.render());
            let _ = writeln!(std::io::stderr(), "\n{}", lang::error_message(error, typed));
            ExitCode::from(2)
        }
        _ => {
            let _ = writeln!(std::io::stderr(), "{}", lang::error_message(error, typed));
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let language = lang::choose(&argv);
    let mut command = lang::localize(args::Cli::command(), language);
    let matches = match command.try_get_matches_from_mut(&argv) {
        Ok(matches) => matches,
        Err(error) => return parse_failure(&error, &lang::typed_path(&command, &argv)),
    };
    if let Some(path) = help_request(&matches) {
        return print_help(&mut command, &path);
    }
    let cli = match args::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            let typed = lang::typed_path(&command, &argv);
            return parse_failure(&error.with_cmd(&command), &typed);
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
                let _ = writeln!(
                    std::io::stderr(),
                    "{} {}",
                    lang::say("Attention :", "Warning:"),
                    warning.message
                );
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
            let _ = writeln!(
                std::io::stderr(),
                "{} {}",
                lang::say("Erreur :", "Error:"),
                error.message
            );
            ExitCode::from(error.exit_code())
        }
    }
}
