//! Notification templates (T6): the e-mail texts a provider writes, with their
//! placeholders, checked when saved (an unknown placeholder is named, with the known
//! one it most looks like) and filled when a message is rendered.

use std::collections::BTreeMap;

/// The placeholders a template may hold, in the order rules.md T6 lists them.
pub const PLACEHOLDERS: [&str; 13] = [
    "ContactTitre",
    "ContactNom",
    "ContactPrenom",
    "ContactAdresse",
    "ContactEMail",
    "PrestataireIdentite",
    "PrestataireAdresse",
    "PrestataireEMail",
    "Numero",
    "PourcentageAcompte",
    "MontantAcompte",
    "Solde",
    "Total",
];

/// The notifications a provider can word, with their French default texts. The first
/// line `Objet : …` of a template is the e-mail's subject.
pub const NOTIFICATIONS: [(&str, &str); 4] = [
    (
        "confirmation",
        "Objet : Confirmation de votre réservation n° {Numero}\n\
         \n\
         Bonjour {ContactTitre} {ContactPrenom} {ContactNom},\n\
         \n\
         Nous avons le plaisir de confirmer votre réservation n° {Numero}, d'un montant total de {Total}.\n\
         Un acompte de {PourcentageAcompte} ({MontantAcompte}) est demandé ; le solde restant dû est de {Solde}.\n\
         Vous trouverez votre contrat en pièce jointe.\n\
         \n\
         À bientôt,\n\
         {PrestataireIdentite}\n\
         {PrestataireAdresse}\n\
         {PrestataireEMail}\n",
    ),
    (
        "rappel_solde",
        "Objet : Rappel : solde de votre réservation n° {Numero}\n\
         \n\
         Bonjour {ContactTitre} {ContactPrenom} {ContactNom},\n\
         \n\
         Votre séjour approche : le solde de votre réservation n° {Numero}, soit {Solde} sur un total de {Total}, reste à régler.\n\
         \n\
         Cordialement,\n\
         {PrestataireIdentite}\n\
         {PrestataireEMail}\n",
    ),
    (
        "annulation",
        "Objet : Annulation de votre réservation n° {Numero}\n\
         \n\
         Bonjour {ContactTitre} {ContactPrenom} {ContactNom},\n\
         \n\
         Nous vous confirmons l'annulation de votre réservation n° {Numero}.\n\
         \n\
         Cordialement,\n\
         {PrestataireIdentite}\n\
         {PrestataireEMail}\n",
    ),
    (
        "billets",
        "Objet : Vos billets (commande n° {Numero})\n\
         \n\
         Bonjour {ContactTitre} {ContactPrenom} {ContactNom},\n\
         \n\
         Merci pour votre commande n° {Numero} d'un montant de {Total}. Vos billets sont en pièce jointe : présentez-les à l'entrée, imprimés ou sur votre téléphone.\n\
         \n\
         À bientôt,\n\
         {PrestataireIdentite}\n",
    ),
];

/// The default text of the notification `name`, if it is one.
pub fn default_text(name: &str) -> Option<&'static str> {
    NOTIFICATIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// Why a template cannot be saved or filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// A placeholder that T6 does not know.
    #[error("{}", unknown_message(.name, .suggestion.as_deref()))]
    Unknown {
        /// As written, without braces.
        name: String,
        /// The known placeholder it most looks like.
        suggestion: Option<&'static str>,
    },
    /// A known placeholder whose braces are wrong: `{ContactNom` never closed, or
    /// `{{ContactNom}}` doubled; sent as is, the customer would read the braces.
    #[error("« {written} » : écrivez {{{name}}}, entre une seule paire d'accolades")]
    Braces {
        /// What the template says, around the placeholder.
        written: String,
        /// The placeholder.
        name: &'static str,
    },
    /// Not one of the notifications.
    #[error("« {0} » n'est pas une notification : choisissez parmi {list}", list = notification_list())]
    UnknownNotification(String),
}

fn notification_list() -> String {
    NOTIFICATIONS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_message(name: &str, suggestion: Option<&str>) -> String {
    let name = crate::bounds::printable(name);
    match suggestion {
        Some(s) => format!(
            "le champ « {{{name}}} » n'existe pas : vouliez-vous dire « {{{s}}} » ? \
             Corrigez le modèle (rien n'a été enregistré)"
        ),
        None => format!(
            "le champ « {{{name}}} » n'existe pas : les champs connus sont {} \
             (rien n'a été enregistré)",
            PLACEHOLDERS
                .iter()
                .map(|p| format!("{{{p}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Checks that `name` is a notification.
pub fn check_notification(name: &str) -> Result<&'static str, TemplateError> {
    NOTIFICATIONS
        .iter()
        .map(|(n, _)| *n)
        .find(|n| *n == name.trim())
        .ok_or_else(|| TemplateError::UnknownNotification(name.to_owned()))
}

/// A piece of a template: text as written, or a placeholder to fill.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Field(&'static str),
}

/// Reads the placeholders of `text`: `{`, a letter, up to 39 more characters other
/// than braces and line breaks, then `}`. Any other brace is text.
fn pieces(text: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .char_indices()
            .take(41)
            .find(|(_, c)| matches!(c, '{' | '}' | '\n' | '\r'))
            .filter(|(_, c)| *c == '}');
        let Some((close, _)) = close else {
            if let Some(name) = PLACEHOLDERS
                .iter()
                .find(|p| after.starts_with(*p) || after.starts_with(&format!("{{{p}}}")))
            {
                let doubled = after.starts_with('{');
                let written = if doubled {
                    format!("{{{{{name}}}}}")
                } else {
                    format!("{{{name}")
                };
                return Err(TemplateError::Braces { written, name });
            }
            out.push(Piece::Text(&rest[..=open]));
            rest = after;
            continue;
        };
        let name = &after[..close];
        if !name.starts_with(char::is_alphabetic) {
            out.push(Piece::Text(&rest[..=open]));
            rest = after;
            continue;
        }
        let known =
            PLACEHOLDERS
                .iter()
                .find(|p| **p == name)
                .ok_or_else(|| TemplateError::Unknown {
                    name: name.to_owned(),
                    suggestion: closest(name),
                })?;
        out.push(Piece::Text(&rest[..open]));
        out.push(Piece::Field(known));
        rest = &after[close + 1..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

/// Checks every placeholder of `text` (T6): the first unknown one is named.
pub fn check(text: &str) -> Result<(), TemplateError> {
    pieces(text).map(|_| ())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The known placeholder `name` most looks like: one that contains it (`Prenom` →
/// `ContactPrenom`), else the nearest by edit distance when it is near enough.
pub fn closest(name: &str) -> Option<&'static str> {
    let fold = |s: &str| {
        s.to_lowercase()
            .replace(['é', 'è', 'ê'], "e")
            .replace(['-', '_', ' '], "")
    };
    let wanted = fold(name);
    if wanted.is_empty() {
        return None;
    }
    let contains = PLACEHOLDERS
        .iter()
        .filter(|p| fold(p).contains(&wanted) || wanted.contains(&fold(p)))
        .min_by_key(|p| levenshtein(&wanted, &fold(p)));
    if let Some(p) = contains {
        return Some(p);
    }
    PLACEHOLDERS
        .iter()
        .map(|p| (levenshtein(&wanted, &fold(p)), *p))
        .filter(|(d, p)| *d <= fold(p).chars().count() / 2)
        .min()
        .map(|(_, p)| p)
}

/// A filled message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The subject (the first line `Objet : …`), empty when the template has none.
    pub subject: String,
    /// The text.
    pub body: String,
}

/// Fills every placeholder of `text` with `values` (a missing value: empty), then
/// takes its first line `Objet : …` as the subject.
pub fn render(
    text: &str,
    values: &BTreeMap<&'static str, String>,
) -> Result<Message, TemplateError> {
    let mut filled = String::with_capacity(text.len());
    // An empty value takes a space along (« Bonjour {ContactTitre} Marie » without a
    // title reads « Bonjour Marie », « {ContactPrenom} {ContactNom}, » without a last
    // name « Marie, »).
    let mut pending = false;
    for piece in pieces(text)? {
        match piece {
            Piece::Field(f) => {
                let value = values.get(f).map_or("", String::as_str);
                if value.is_empty() {
                    pending = pending || filled.ends_with(' ');
                } else {
                    filled.push_str(value);
                    pending = false;
                }
            }
            Piece::Text("") => {}
            Piece::Text(t) => {
                let t = match t.strip_prefix(' ') {
                    Some(rest) if pending => rest,
                    _ => {
                        if pending && t.starts_with([',', '.', '\n', '\r', ')']) {
                            filled.pop();
                        }
                        t
                    }
                };
                filled.push_str(t);
                pending = false;
            }
        }
    }
    if pending {
        filled.pop();
    }
    Ok(split_subject(&filled))
}

/// `Objet : …` on the first line is the subject; the blank lines after it are dropped.
pub fn split_subject(text: &str) -> Message {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let subject = first
        .trim()
        .strip_prefix("Objet")
        .map(str::trim_start)
        .and_then(|s| s.strip_prefix(':'));
    match subject {
        Some(subject) => Message {
            subject: subject.trim().to_owned(),
            body: rest.trim_start_matches(['\n', '\r']).to_owned(),
        },
        None => Message {
            subject: String::new(),
            body: text.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn t6_an_unknown_placeholder_is_named_with_the_nearest_known_one() {
        let err = check("Bonjour {Prenom},").unwrap_err();
        assert_eq!(
            err,
            TemplateError::Unknown {
                name: "Prenom".to_owned(),
                suggestion: Some("ContactPrenom")
            }
        );
        assert!(err.to_string().contains("« {Prenom} »"), "{err}");
        assert!(err.to_string().contains("« {ContactPrenom} »"), "{err}");
        assert_eq!(closest("ContactEmail"), Some("ContactEMail"));
        assert_eq!(closest("Soldes"), Some("Solde"));
        assert_eq!(closest("Numéro"), Some("Numero"));
        assert_eq!(closest("Xyzzy"), None);
        assert!(check("{Contact Prenom}").is_err());
    }

    #[test]
    fn t6_braces_that_are_not_placeholders_stay_as_text() {
        let values = BTreeMap::from([("Numero", "R-12".to_owned())]);
        let m = render("a { b } {} { {Numero}\n{ligne\n}", &values).unwrap();
        assert_eq!(m.body, "a { b } {} { R-12\n{ligne\n}");
        assert!(check("a { b }").is_ok());
    }

    #[test]
    fn t6_a_known_placeholder_with_wrong_braces_is_refused_when_saved() {
        for (text, written) in [
            ("Bonjour {ContactNom,", "{ContactNom"),
            ("Bonjour {ContactNom", "{ContactNom"),
            ("Bonjour {{ContactNom}}", "{{ContactNom}}"),
            ("Total {{Total}", "{{Total}}"),
        ] {
            let e = check(text).unwrap_err();
            assert!(
                matches!(&e, TemplateError::Braces { written: w, .. } if w == written),
                "{text}: {e:?}"
            );
            assert!(e.to_string().contains("une seule paire"), "{e}");
        }
        assert!(check("Bonjour {ContactNom}, { à bientôt }").is_ok());
    }

    #[test]
    fn t6_an_empty_value_takes_the_space_after_it_along() {
        let values = BTreeMap::from([("ContactPrenom", "Marie".to_owned())]);
        let m = render(
            "Bonjour {ContactTitre} {ContactPrenom} {ContactNom},",
            &values,
        )
        .unwrap();
        assert_eq!(m.body, "Bonjour Marie,");
        let m = render(
            "Bonjour {ContactNom} {ContactTitre} !\n{ContactNom} {ContactNom}",
            &values,
        )
        .unwrap();
        assert_eq!(m.body, "Bonjour !\n");
        let m = render("[{ContactTitre}|{ContactPrenom}]", &values).unwrap();
        assert_eq!(m.body, "[|Marie]");
    }

    #[test]
    fn t6_the_first_line_objet_is_the_subject() {
        let values = BTreeMap::from([("Numero", "42".to_owned())]);
        let m = render("Objet : Réservation {Numero}\n\nBonjour", &values).unwrap();
        assert_eq!(m.subject, "Réservation 42");
        assert_eq!(m.body, "Bonjour");
        let none = render("Bonjour {Numero}", &values).unwrap();
        assert_eq!(
            (none.subject.as_str(), none.body.as_str()),
            ("", "Bonjour 42")
        );
    }

    #[test]
    fn t6_every_default_text_uses_known_placeholders_and_has_a_subject() {
        for (name, text) in NOTIFICATIONS {
            check(text).unwrap();
            assert!(text.starts_with("Objet : "), "{name}");
            assert_eq!(check_notification(name), Ok(name));
        }
        assert!(check_notification("bienvenue").is_err());
    }

    proptest! {
        #[test]
        fn t6_text_without_braces_renders_as_written(text in "[^{}]{0,200}") {
            let m = render(&text, &BTreeMap::new()).unwrap();
            if !text.trim_start().starts_with("Objet") {
                prop_assert_eq!(m.body, text);
            }
        }
    }
}
