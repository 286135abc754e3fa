//! A customer's contact details, as given when a stay is held or booked.

use serde::{Deserialize, Serialize};

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
    /// An e-mail without `@` or domain.
    #[error("« {0} » n'est pas une adresse e-mail (exemple : marie.dupont@exemple.fr)")]
    BadEmail(String),
}

fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

impl Contact {
    /// Validated contact details; blank fields count as absent.
    pub fn new(
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Result<Contact, ContactError> {
        let name = non_blank(Some(name)).ok_or(ContactError::NoName)?;
        let email = non_blank(email);
        let phone = non_blank(phone);
        if let Some(email) = &email {
            let well_formed = email.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !domain.contains('@')
            });
            if !well_formed {
                return Err(ContactError::BadEmail(email.clone()));
            }
        }
        if email.is_none() && phone.is_none() {
            return Err(ContactError::NoWayToReach);
        }
        Ok(Contact { name, email, phone })
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
}
