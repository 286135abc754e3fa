//! A customer's contact details, as given when a stay is held or booked.

use serde::{Deserialize, Serialize};

use crate::bounds::{self, printable, BoundError};

/// Who the stay is for: a name, and an e-mail address or a phone number to reach them;
/// for the booking file and the contract also a title (M., Mme…), the first and last
/// names apart, and a postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    #[serde(default)]
    address: Option<String>,
}

/// The longest title (« Mme et M. », « Famille »…), in characters.
pub const MAX_TITLE_CHARS: usize = 40;
/// The longest postal address, in characters (lines included).
pub const MAX_ADDRESS_CHARS: usize = 500;

/// The parts of a customer's name and address, as typed (blank: absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details<'a> {
    /// M., Mme…
    pub title: Option<&'a str>,
    /// First name; with the last name, replaces the split of the full name.
    pub first_name: Option<&'a str>,
    /// Last name.
    pub last_name: Option<&'a str>,
    /// Postal address, lines separated by line breaks.
    pub address: Option<&'a str>,
}

/// `"Prénom Nom"` split at the first space: `(first name, last name)`. One word is a
/// last name (« Dupont » reads « M. Dupont »).
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    match name.split_once(char::is_whitespace) {
        Some((first, last)) => (first.to_owned(), last.trim().to_owned()),
        None => (String::new(), name.to_owned()),
    }
}

/// Why contact details are not enough.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    /// Blank name.
    #[error("indiquez le nom du client")]
    NoName,
    /// Neither e-mail nor phone.
    #[error("indiquez un e-mail ou un téléphone pour joindre le client")]
    NoWayToReach,
    /// A name beyond the bounds (too long, control characters).
    #[error("nom du client : {0}")]
    BadName(BoundError),
    /// A title too long or with control characters.
    #[error("civilité du client : {MAX_TITLE_CHARS} caractères au plus, sans caractère de contrôle (exemple : Mme)")]
    BadTitle,
    /// An address too long or with control characters other than line breaks.
    #[error("adresse du client : {MAX_ADDRESS_CHARS} caractères au plus, sans caractère de contrôle (exemple : 12 rue des Lilas, 24200 Sarlat)")]
    BadAddress,
    /// An e-mail without one `@`, a dot in the domain, with spaces, or too long.
    #[error("« {0} » n'est pas une adresse e-mail : une seule @, un point dans le domaine, pas d'espace, 254 caractères au plus (exemple : marie.dupont@exemple.fr)")]
    BadEmail(String),
    /// A phone that is not 6 to 20 digits with `+`, spaces, dots, dashes, parentheses.
    #[error("« {0} » n'est pas un numéro de téléphone : de 6 à 20 chiffres, avec au besoin un + au début, des espaces, points, tirets ou parenthèses (exemple : +33 6 12 34 56 78)")]
    BadPhone(String),
}

fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Pragmatic: one `@` with something before it, a dot inside the domain (not at
/// its ends), no spaces or control characters, at most 254 characters.
pub fn is_email(email: &str) -> bool {
    let clean = email.chars().count() <= bounds::MAX_EMAIL_CHARS
        && !email
            .chars()
            .any(|c| c.is_whitespace() || bounds::is_control(c));
    clean
        && email.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

/// Digits with an optional leading `+`, spaces, dots, dashes and parentheses;
/// from 6 to 20 digits.
pub fn is_phone(phone: &str) -> bool {
    let body = phone.strip_prefix('+').unwrap_or(phone);
    let allowed = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    allowed && (bounds::MIN_PHONE_DIGITS..=bounds::MAX_PHONE_DIGITS).contains(&digits)
}

impl Contact {
    /// Validated contact details; blank fields count as absent.
    pub fn new(
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Result<Contact, ContactError> {
        let name = non_blank(Some(name)).ok_or(ContactError::NoName)?;
        bounds::check_name(&name).map_err(ContactError::BadName)?;
        let email = non_blank(email);
        let phone = non_blank(phone);
        if let Some(email) = &email {
            if !is_email(email) {
                return Err(ContactError::BadEmail(printable(email).into_owned()));
            }
        }
        if let Some(phone) = &phone {
            if !is_phone(phone) {
                return Err(ContactError::BadPhone(printable(phone).into_owned()));
            }
        }
        if email.is_none() && phone.is_none() {
            return Err(ContactError::NoWayToReach);
        }
        Ok(Contact {
            name,
            email,
            phone,
            title: None,
            first_name: None,
            last_name: None,
            address: None,
        })
    }

    /// Validated contact details with a title, the first and last names apart and an
    /// address. Given first or last name (either), they make the full name
    /// (`"Prénom Nom"`) and `name` is ignored; otherwise `name` is split at its first
    /// space.
    pub fn with_details(
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        details: &Details<'_>,
    ) -> Result<Contact, ContactError> {
        let first = non_blank(details.first_name);
        let last = non_blank(details.last_name);
        let full = if first.is_some() || last.is_some() {
            [first.as_deref(), last.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            name.trim().to_owned()
        };
        let mut contact = Contact::new(&full, email, phone)?;
        if first.is_some() || last.is_some() {
            for part in [&first, &last].into_iter().flatten() {
                bounds::check_name(part).map_err(ContactError::BadName)?;
            }
            contact.first_name = Some(first.unwrap_or_default());
            contact.last_name = Some(last.unwrap_or_default());
        }
        contact.title = non_blank(details.title);
        if let Some(title) = &contact.title {
            if title.chars().count() > MAX_TITLE_CHARS || title.chars().any(bounds::is_control) {
                return Err(ContactError::BadTitle);
            }
        }
        contact.address = details
            .address
            .map(|a| {
                a.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .filter(|a| !a.is_empty());
        if let Some(address) = &contact.address {
            if address.chars().count() > MAX_ADDRESS_CHARS
                || address.chars().any(|c| c != '\n' && bounds::is_control(c))
            {
                return Err(ContactError::BadAddress);
            }
        }
        Ok(contact)
    }

    /// The title (M., Mme…), if given.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The first name: as given, or the full name's part before its first space.
    pub fn first_name(&self) -> String {
        self.first_name
            .clone()
            .unwrap_or_else(|| split_name(&self.name).0)
    }

    /// The last name: as given, or the full name's part after its first space.
    pub fn last_name(&self) -> String {
        self.last_name
            .clone()
            .unwrap_or_else(|| split_name(&self.name).1)
    }

    /// Whether the first and last names were given apart (not split from the name).
    pub fn names_given(&self) -> bool {
        self.first_name.is_some() || self.last_name.is_some()
    }

    /// The postal address (lines separated by `\n`), if given.
    pub fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }

    /// The details beyond name, e-mail and phone, as given.
    pub fn details(&self) -> Details<'_> {
        Details {
            title: self.title.as_deref(),
            first_name: self.first_name.as_deref(),
            last_name: self.last_name.as_deref(),
            address: self.address.as_deref(),
        }
    }

    /// An anonymised customer (GDPR): `name` and a placeholder `email`, both known
    /// valid by the caller.
    pub fn anonymous(name: &str, email: &str) -> Contact {
        Contact {
            name: name.to_owned(),
            email: Some(email.to_owned()),
            phone: None,
            title: None,
            first_name: None,
            last_name: None,
            address: None,
        }
    }

    /// Whether these are an anonymised customer's details.
    pub fn is_anonymous(&self) -> bool {
        self.name == crate::sync::wire::ANONYMOUS_NAME
            && self.email.as_deref() == Some(crate::sync::wire::ANONYMOUS_EMAIL)
    }

    /// The customer's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// E-mail address, if given.
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// Phone number, if given.
    pub fn phone(&self) -> Option<&str> {
        self.phone.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p8_contact_details_need_a_name_and_a_way_to_reach() {
        assert!(Contact::new("Marie Dupont", Some("marie@exemple.fr"), None).is_ok());
        assert!(Contact::new("Marie Dupont", None, Some("06 12 34 56 78")).is_ok());
        assert_eq!(
            Contact::new(" ", Some("m@e.fr"), None),
            Err(ContactError::NoName)
        );
        assert_eq!(
            Contact::new("Marie", Some(" "), None),
            Err(ContactError::NoWayToReach)
        );
        assert!(matches!(
            Contact::new("Marie", Some("marie.exemple.fr"), None),
            Err(ContactError::BadEmail(_))
        ));
    }

    #[test]
    fn bounds_emails_are_validated_with_an_example_in_the_message() {
        for good in ["marie.dupont@exemple.fr", "a+b@c.co", "ÉLODIE@exemple.fr"] {
            assert!(is_email(good), "{good}");
        }
        let too_long = format!("{}@exemple.fr", "a".repeat(244));
        for bad in [
            "marie@@exemple.fr",
            "marie@exemple",
            "@exemple.fr",
            "ma rie@exemple.fr",
            "marie@exemple.fr.",
            "marie@.fr",
            "a@b@c.fr",
            too_long.as_str(),
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        let err = Contact::new("Marie", Some("marie@exemple"), None).unwrap_err();
        assert!(err
            .to_string()
            .contains("exemple : marie.dupont@exemple.fr"));
    }

    #[test]
    fn bounds_phones_are_six_to_twenty_digits_with_an_example_in_the_message() {
        for good in [
            "06 12 34 56 78",
            "+33 6 12 34 56 78",
            "+33 (0)6.12.34.56.78",
            "06-12-34-56-78",
            "123456",
        ] {
            assert!(is_phone(good), "{good}");
        }
        for bad in [
            "abc",
            "12345",
            "+",
            "06 12 34 56 78 ext 2",
            "++33612345678",
            "0612345678+",
            "123456789012345678901",
            "06\u{1b}12345678",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
        let err = Contact::new("Marie", None, Some("abc")).unwrap_err();
        assert_eq!(err, ContactError::BadPhone("abc".to_owned()));
        assert!(err.to_string().contains("+33 6 12 34 56 78"));
    }

    #[test]
    fn bounds_a_customer_name_is_short_and_has_no_terminal_escapes() {
        let escape = Contact::new("X\u{1b}[2JY", Some("m@e.fr"), None).unwrap_err();
        assert!(matches!(
            escape,
            ContactError::BadName(BoundError::ControlCharacters(_))
        ));
        assert!(!escape.to_string().contains('\u{1b}'));
        assert!(Contact::new(&"a".repeat(201), Some("m@e.fr"), None).is_err());
        assert!(Contact::new("Марія Коваленко", Some("m@e.fr"), None).is_ok());
    }

    #[test]
    fn names_a_full_name_is_split_at_its_first_space_unless_the_parts_are_given() {
        let c = Contact::new("Marie Claire Dupont", Some("m@e.fr"), None).unwrap();
        assert_eq!(
            (c.first_name().as_str(), c.last_name().as_str()),
            ("Marie", "Claire Dupont")
        );
        let one = Contact::new("Dupont", Some("m@e.fr"), None).unwrap();
        assert_eq!(
            (one.first_name().as_str(), one.last_name().as_str()),
            ("", "Dupont")
        );
        let given = Contact::with_details(
            "ignored",
            Some("m@e.fr"),
            None,
            &Details {
                title: Some(" Mme "),
                first_name: Some("Marie Claire"),
                last_name: Some("Dupont"),
                address: Some("12 rue des Lilas\r\n\n24200 Sarlat "),
            },
        )
        .unwrap();
        assert_eq!(given.name(), "Marie Claire Dupont");
        assert_eq!(given.first_name(), "Marie Claire");
        assert_eq!(given.last_name(), "Dupont");
        assert_eq!(given.title(), Some("Mme"));
        assert_eq!(given.address(), Some("12 rue des Lilas\n24200 Sarlat"));
        let bad = Details {
            title: Some("M\u{1b}[2J"),
            ..Details::default()
        };
        assert_eq!(
            Contact::with_details("Marie", Some("m@e.fr"), None, &bad),
            Err(ContactError::BadTitle)
        );
        let long = "a".repeat(MAX_ADDRESS_CHARS + 1);
        let bad = Details {
            address: Some(&long),
            ..Details::default()
        };
        assert_eq!(
            Contact::with_details("Marie", Some("m@e.fr"), None, &bad),
            Err(ContactError::BadAddress)
        );
    }
}
