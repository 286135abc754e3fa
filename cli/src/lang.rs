//! The language of the command line's own words: its help (clap's headings, usage,
//! defaults, possible values) and its usage errors. French by default; English with
//! `--lang en` or `GUICHET_LANG=en` (cli.md: the system's `LANG` does not change it).
//!
//! clap writes English on its own ("Usage:", "Options:", "[default: 14]", "error:
//! unexpected argument"): every command gets a help template with French headings,
//! French value names, its own `-h/--help` and `help` words, and its errors are
//! written here from their kind and context, never with clap's sentences.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::sync::OnceLock;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The language of the command line's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Français (défaut).
    Fr,
    /// English.
    En,
}

/// The variable that chooses the language when `--lang` is not given.
pub const LANG_ENV: &str = "GUICHET_LANG";

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// The language chosen for this run (French until [`choose`] runs).
pub fn current() -> Lang {
    CURRENT.get().copied().unwrap_or(Lang::Fr)
}

/// Reads the language from the arguments (`--lang en`, `--lang=en`) or
/// `GUICHET_LANG`, before clap parses anything: the help and the errors of that very
/// parse are written in it. Anything but `en…` is French.
pub fn choose(args: &[OsString]) -> Lang {
    let mut given = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        } else if word == "--lang" {
            given = words.next().map(|w| w.into_owned());
        } else if let Some(value) = word.strip_prefix("--lang=") {
            given = Some(value.to_owned());
        }
    }
    let chosen = given.or_else(|| std::env::var(LANG_ENV).ok());
    let lang = match chosen {
        Some(value) if value.trim().to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Fr,
    };
    let _ = CURRENT.set(lang);
    lang
}

/// French or English, as chosen.
pub fn say<'a>(fr: &'a str, en: &'a str) -> &'a str {
    match current() {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// The value name shown in French help and usage (`--from <DATE>`), by argument id.
fn french_value_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "tariffs" | "file" | "passphrase_file" | "pdf" | "out" => "FICHIER",
        "from" | "until" => "DATE",
        "nights" => "NUITS",
        "days" => "JOURS",
        "mode" | "pricing_mode" => "MODE",
        "unit" => "HÉBERGEMENT",
        "name" | "provider_name" | "holder" => "NOM",
        "email" => "E-MAIL",
        "phone" => "TÉLÉPHONE",
        "data_dir" => "DOSSIER",
        "images" => "IMAGE",
        "session" => "SÉANCE",
        "code" => "CODE",
        "source" => "SOURCE",
        "server" | "from_address" => "ADRESSE",
        "id" => "CONFLIT",
        "cancel_booking" | "booking" => "RÉSERVATION",
        "event" => "ÉVÉNEMENT",
        "starts_at" => "DÉBUT",
        "capacity" => "PLACES",
        "theme" => "THÈME",
        "organizer" => "ORGANISATEUR",
        "price" => "PRIX",
        "quantity" => "NOMBRE",
        "product" => "BILLET",
        "order" => "ORDRE",
        "weekly" | "weekday" => "JOUR",
        "hold" => "BLOCAGE",
        "lang" => "LANGUE",
        "commande" => "COMMANDE",
        _ => return None,
    })
}

/// The words of the help in one language.
struct Words {
    usage: &'static str,
    commands: &'static str,
    arguments: &'static str,
    options: &'static str,
    help_flag: &'static str,
    version_flag: &'static str,
    help_command: &'static str,
    help_command_arg: &'static str,
    default: &'static str,
    values: &'static str,
    env: &'static str,
}

const FRENCH: Words = Words {
    usage: "Utilisation :",
    commands: "Commandes :",
    arguments: "Arguments :",
    options: "Options :",
    help_flag: "Affiche cette aide (-h : en bref)",
    version_flag: "Affiche la version",
    help_command: "Affiche l'aide de cette commande ou de la commande donnée",
    help_command_arg: "La commande dont afficher l'aide",
    default: "défaut",
    values: "valeurs",
    env: "variable",
};

const ENGLISH: Words = Words {
    usage: "Usage:",
    commands: "Commands:",
    arguments: "Arguments:",
    options: "Options:",
    help_flag: "Print help (-h: a summary)",
    version_flag: "Print version",
    help_command: "Print this command's help or the given command's",
    help_command_arg: "The command whose help to print",
    default: "default",
    values: "possible values",
    env: "env",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Fr => &FRENCH,
        Lang::En => &ENGLISH,
    }
}

/// The help text with what clap would add in English brackets, said in `lang`:
/// `(défaut : 14 ; valeurs : priority, cheapest ; variable GUICHET_DATA_DIR)`.
fn arg_notes(arg: &Arg, w: &Words) -> Option<String> {
    let mut notes = Vec::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        notes.push(format!("{} : {}", w.default, defaults.join(", ")));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if !values.is_empty() && arg.get_action().takes_values() {
        notes.push(format!("{} : {}", w.values, values.join(", ")));
    }
    if let Some(env) = arg.get_env() {
        notes.push(format!("{} {}", w.env, env.to_string_lossy()));
    }
    if notes.is_empty() {
        return None;
    }
    let joined = notes.join(" ; ");
    Some(match current() {
        Lang::Fr => joined,
        Lang::En => joined.replace(" : ", ": ").replace(" ; ", "; "),
    })
}

/// One command (and, recursively, its subcommands) in `lang`.
fn localize_command(mut cmd: Command, lang: Lang, root: bool) -> Command {
    let w = words(lang);
    // Value names, notes instead of clap's brackets, and translated help.
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_owned())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id.as_str(), |mut arg| {
            if lang == Lang::Fr && arg.get_action().takes_values() {
                if let Some(name) = french_value_name(arg.get_id().as_str()) {
                    arg = arg.value_name(name);
                }
            }
            if lang == Lang::En {
                if let Some(text) = arg.get_help().map(ToString::to_string) {
                    arg = arg.help(crate::english::help(&text).to_owned());
                }
                if let Some(text) = arg.get_long_help().map(ToString::to_string) {
                    arg = arg.long_help(crate::english::help(&text).to_owned());
                }
            }
            if let Some(notes) = arg_notes(&arg, w) {
                let short = arg.get_help().map(ToString::to_string).unwrap_or_default();
                let long = arg.get_long_help().map(ToString::to_string);
                arg = arg
                    .hide_default_value(true)
                    .hide_possible_values(true)
                    .hide_env(true)
                    .help(format!("{short} ({notes})").trim_start().to_owned());
                if let Some(long) = long {
                    arg = arg.long_help(format!("{long}\n({notes})"));
                }
            }
            arg
        });
    }
    if lang == Lang::En {
        if let Some(text) = cmd.get_about().map(ToString::to_string) {
            cmd = cmd.about(crate::english::help(&text).to_owned());
        }
        if let Some(text) = cmd.get_long_about().map(ToString::to_string) {
            cmd = cmd.long_about(crate::english::help(&text).to_owned());
        }
    }
    // Our own -h/--help (and -V/--version at the top), in the language.
    cmd = cmd.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(w.help_flag),
    );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(w.version_flag),
        );
    }
    let has_subcommands = cmd.has_subcommands();
    if has_subcommands {
        cmd = cmd
            .disable_help_subcommand(true)
            .subcommand_value_name(if lang == Lang::Fr {
                "COMMANDE"
            } else {
                "COMMAND"
            })
            .subcommand(
                Command::new("help").about(w.help_command).arg(
                    Arg::new("commande")
                        .action(ArgAction::Append)
                        .num_args(0..)
                        .value_name(if lang == Lang::Fr {
                            "COMMANDE"
                        } else {
                            "COMMAND"
                        })
                        .help(w.help_command_arg),
                ),
            );
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_owned())
            .collect();
        for name in names {
            cmd = cmd.mut_subcommand(name.as_str(), |sub| localize_command(sub, lang, false));
        }
    }
    // The template: only the sections this command has, headings in the language.
    let positionals = cmd.get_positionals().any(|a| !a.is_hide_set());
    let mut template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}",
        w.usage
    );
    if has_subcommands {
        let _ = write!(template, "\n\n{}\n{{subcommands}}", w.commands);
    }
    if positionals {
        let _ = write!(template, "\n\n{}\n{{positionals}}", w.arguments);
    }
    let _ = write!(template, "\n\n{}\n{{options}}{{after-help}}", w.options);
    cmd.help_template(template)
}

/// The whole command line in `lang`, built (ready for `help` and its lookups).
pub fn localize(cmd: Command, lang: Lang) -> Command {
    let mut cmd = localize_command(cmd, lang, true);
    cmd.build();
    cmd
}

fn context(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        ContextValue::None => None,
        _ => None,
    }
}

/// `--from <DATE>` → `--from`: the option as it is typed.
fn option_name(arg: &str) -> String {
    arg.split([' ', '=']).next().unwrap_or(arg).to_owned()
}

/// The command whose usage the error quotes (`guichet tickets issue`), from its usage.
fn command_path(usage: &str) -> String {
    usage
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The command the arguments name (`guichet tickets issue`): subcommand names
/// followed through the tree, option values skipped.
pub fn typed_path(cmd: &Command, args: &[OsString]) -> String {
    let mut names = vec![cmd.get_name().to_owned()];
    let mut current = cmd;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            let takes_value = current
                .get_arguments()
                .find(|a| a.get_long() == Some(long))
                .is_some_and(|a| a.get_action().takes_values());
            if takes_value {
                words.next();
            }
            continue;
        }
        if word.starts_with('-') {
            continue;
        }
        match current.find_subcommand(word.as_ref()) {
            Some(sub) if sub.get_name() != "help" => {
                names.push(sub.get_name().to_owned());
                current = sub;
            }
            _ => break,
        }
    }
    names.join(" ")
}

/// A usage error of clap, written in the chosen language: what is wrong, what to
/// write, the usage line, and where the help is. `typed` is the command the
/// arguments name ([`typed_path`]), for errors that carry no usage line.
pub fn error_message(error: &clap::Error, typed: &str) -> String {
    let fr = current() == Lang::Fr;
    let arg = context(error, ContextKind::InvalidArg).unwrap_or_default();
    let name = option_name(&arg);
    let value = context(error, ContextKind::InvalidValue).unwrap_or_default();
    let value = guichet_core::bounds::printable(&value).into_owned();
    let usage_text = context(error, ContextKind::Usage).unwrap_or_default();
    let usage_line = usage_text
        .trim()
        .strip_prefix("Usage: ")
        .unwrap_or(usage_text.trim())
        .to_owned();
    let path = match command_path(&usage_line) {
        p if p.is_empty() => typed.to_owned(),
        p => p,
    };
    let suggestion = |kind| {
        context(error, kind).map(|s| {
            if fr {
                format!(" ; vouliez-vous dire « {s} » ?")
            } else {
                format!("; did you mean '{s}'?")
            }
        })
    };
    let main = match error.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            if fr {
                format!("{name} : il manque sa valeur ; écrivez-la juste après ({arg})")
            } else {
                format!("{name}: its value is missing; write it right after ({arg})")
            }
        }
        ErrorKind::InvalidValue => {
            let valid = context(error, ContextKind::ValidValue).unwrap_or_default();
            let more = suggestion(ContextKind::SuggestedValue).unwrap_or_default();
            if fr {
                format!("{name} : « {value} » n'est pas une valeur possible ; écrivez l'une de : {valid}{more}")
            } else {
                format!("{name}: '{value}' is not a possible value; write one of: {valid}{more}")
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default();
            if fr {
                format!("{name} : {why}")
            } else {
                format!("{name}: {why}")
            }
        }
        ErrorKind::UnknownArgument => {
            let more = suggestion(ContextKind::SuggestedArg).unwrap_or_default();
            let literal = context(error, ContextKind::TrailingArg)
                .map(|_| {
                    if fr {
                        format!(" ; pour passer « {arg} » comme valeur, écrivez « -- {arg} »")
                    } else {
                        format!("; to pass '{arg}' as a value, write '-- {arg}'")
                    }
                })
                .unwrap_or_default();
            let arg = guichet_core::bounds::printable(&arg).into_owned();
            if arg.parse::<f64>().is_ok_and(|n| n < 0.0) {
                if fr {
                    format!("« {arg} » : un nombre négatif n'a pas de sens ici ; écrivez un nombre positif")
                } else {
                    format!("'{arg}': a negative number makes no sense here; write a positive one")
                }
            } else if arg.starts_with('-') {
                if fr {
                    format!("option inconnue « {arg} » pour « {path} »{more}{literal}")
                } else {
                    format!("unknown option '{arg}' for '{path}'{more}{literal}")
                }
            } else if fr {
                format!("« {arg} » est en trop pour « {path} »{more}{literal}")
            } else {
                format!("'{arg}' is not expected by '{path}'{more}{literal}")
            }
        }
        ErrorKind::InvalidSubcommand => {
            let sub = context(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            let sub = guichet_core::bounds::printable(&sub).into_owned();
            let more = suggestion(ContextKind::SuggestedSubcommand).unwrap_or_default();
            if fr {
                format!("commande inconnue « {sub} »{more}")
            } else {
                format!("unknown command '{sub}'{more}")
            }
        }
        ErrorKind::NoEquals => {
            if fr {
                format!("{name} : écrivez la valeur avec un signe égal, {name}=VALEUR")
            } else {
                format!("{name}: write the value with an equals sign, {name}=VALUE")
            }
        }
        ErrorKind::TooManyValues => {
            if fr {
                format!("{name} : une seule valeur ; « {value} » est en trop")
            } else {
                format!("{name}: one value only; '{value}' is one too many")
            }
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = context(error, ContextKind::ExpectedNumValues)
                .or_else(|| context(error, ContextKind::MinValues))
                .unwrap_or_default();
            if fr {
                format!("{name} : il faut {expected} valeur(s)")
            } else {
                format!("{name}: {expected} value(s) needed")
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(error, ContextKind::PriorArg).unwrap_or_default();
            let prior = option_name(&prior);
            if fr {
                format!("{name} ne va pas avec {prior} : gardez l'un des deux")
            } else {
                format!("{name} cannot be used with {prior}: keep one of them")
            }
        }
        ErrorKind::MissingRequiredArgument => {
            if fr {
                format!("il manque {arg} : ajoutez-le (voyez l'exemple ci-dessous)")
            } else {
                format!("{arg} is missing: add it (see the usage below)")
            }
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            if fr {
                format!("il manque la commande après « {path} » ; les commandes sont dans « {path} --help »")
            } else {
                format!("a command is missing after '{path}'; the commands are in '{path} --help'")
            }
        }
        ErrorKind::InvalidUtf8 => say(
            "un argument n'est pas du texte lisible (UTF-8) : retapez-le",
            "an argument is not readable text (UTF-8): type it again",
        )
        .to_owned(),
        _ => say(
            "la ligne de commande n'a pas pu être lue : vérifiez-la",
            "the command line could not be read: check it",
        )
        .to_owned(),
    };
    let mut out = if fr {
        format!("Erreur : {main}")
    } else {
        format!("Error: {main}")
    };
    if !usage_line.is_empty() {
        let w = words(current());
        let _ = write!(out, "\n\n{} {usage_line}", w.usage);
    }
    let _ = write!(
        out,
        "\n\n{}",
        if fr {
            format!("Aide : « {path} --help »")
        } else {
            format!("Help: '{path} --help'")
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_lang_option_and_not_the_system() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            choose(&args(&["guichet", "--lang", "en", "units"])),
            Lang::En
        );
        assert_eq!(choose(&args(&["guichet", "--lang=fr", "units"])), Lang::Fr);
        assert_eq!(
            choose(&args(&["guichet", "scan", "--", "--lang", "en"])),
            Lang::Fr
        );
    }

    #[test]
    fn usage_paths_and_option_names_are_read_back() {
        assert_eq!(
            command_path("guichet tickets issue [OPTIONS] --session <SÉANCE>"),
            "guichet tickets issue"
        );
        assert_eq!(option_name("--from <DATE>"), "--from");
    }
}
