//! `guichet`: every user action from the command line (cli.md). Exit status 0 done,
//! 1 refused by a business rule, 2 bad input; never a panic.

mod args;
mod french;
mod run;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let json = cli.json;
    match run::run(cli) {
        Ok(mut out) => {
            for warning in &out.warnings {
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
