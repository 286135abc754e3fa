//! A customer's contact details, as given when a stay is held or booked.

use serde::{Deserialize, Serialize};

use crate::bounds::{self, printable, BoundError};

/// Who the stay is for: a name, and an e-mail address or a phone number to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    name: String,
    email: Option<String>,
    phone: Option<String>,
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
        Ok(Contact { name, email, phone })
    }

    /// An anonymised customer (GDPR): `name` and a placeholder `email`, both known
    /// valid by the caller.
    pub fn anonymous(name: &str, email: &str) -> Contact {
        Contact {
            name: name.to_owned(),
            email: Some(email.to_owned()),
            phone: None,
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
}
