//! The command line's help in English (`--lang en`): each French help text of
//! `args.rs` and its English translation.

/// The English of a French help text (the text itself when it has none).
pub fn help(french: &str) -> &str {
    TABLE
        .iter()
        .find(|(fr, _)| *fr == french)
        .map_or(french, |(_, en)| en)
}

const TABLE: &[(&str, &str)] = &[
    (
        "Durée de conservation des données des clients après leur séjour, en mois (12 à 120)",
        "How many months after their stay the guests' personal data is kept (12 to 120)",
    ),
    (
        "Reprise des exports de l'ancien outil (CSV ou XLSX) : bons cadeaux encore valables, réservations, tarifs, fichier clients. Colonnes trouvées par leur nom, --map pour en désigner une ; --dry-run montre les premières lignes lues et ce qui serait refusé, sans rien enregistrer. Réimporter le même fichier n'importe rien deux fois",
        "Imports the old tool's exports (CSV or XLSX): gift vouchers still valid, bookings, tariffs, the customers' file. Columns are found by their names, --map names one; --dry-run shows the first rows as read and what would be refused, storing nothing. Importing the same file again imports nothing twice",
    ),
    (
        "Ce que contient le fichier",
        "What the file holds",
    ),
    (
        "Le fichier exporté (CSV « ; » ou « , », ou classeur XLSX)",
        "The exported file (CSV with ';' or ',', or an XLSX workbook)",
    ),
    (
        "La colonne à lire pour un champ, CHAMP=Colonne (exemple : --map code=\"N° du bon\") ; répétable",
        "The column to read for a field, FIELD=Column (e.g. --map code=\"N° du bon\"); repeatable",
    ),
    (
        "Montre ce qui serait importé et refusé, sans rien enregistrer",
        "Shows what would be imported and refused, storing nothing",
    ),
    (
        "Données personnelles d'un client (RGPD) : export de tout ce qui est gardé sur lui, anonymisation à sa demande, anonymisation des séjours passés depuis la durée de conservation",
        "A guest's personal data (GDPR): export of everything kept on them, anonymisation on request, anonymisation of stays past the retention period",
    ),
    (
        "Tout ce que ce poste garde sur un client : séjours, paiements, historique, blocages, billets",
        "Everything this device keeps on a guest: stays, payments, history, holds, tickets",
    ),
    (
        "L'e-mail du client",
        "The guest's e-mail",
    ),
    (
        "Le nom du client (sans tenir compte des majuscules ni des accents)",
        "The guest's name (whatever the case or accents)",
    ),
    (
        "Anonymise un client à sa demande, sur tous les postes et sur le serveur ; une réservation facturée depuis moins de dix ans garde le client de sa facture",
        "Anonymises a guest on their request, on every device and on the server; a booking invoiced less than ten years ago keeps the guest of its invoice",
    ),
    (
        "Anonymise les clients dont le séjour est fini depuis la durée de conservation",
        "Anonymises the guests whose stay ended longer ago than the retention period",
    ),
    (
        "Bons cadeaux encore valables (code, montant restant, fin de validité, produits)",
        "Gift vouchers still valid (code, amount left, last valid day, products)",
    ),
    (
        "Réservations (hébergement, arrivée, nuits ou départ, client, e-mail ou téléphone, prix)",
        "Bookings (unit, arrival, nights or departure, guest, e-mail or phone, price)",
    ),
    (
        "Tarifs (hébergement, début, nuits, prix)",
        "Tariffs (unit, start, nights, price)",
    ),
    (
        "Fichier clients (civilité, prénom, nom, adresse, code postal, ville, pays, e-mail, téléphone)",
        "The customers' file (title, first name, last name, address, postcode, town, country, e-mail, phone)",
    ),
    (
        "Le fichier clients : ceux qui contiennent --search dans leur nom, e-mail ou téléphone, ou tous",
        "The customers' file: those whose name, e-mail or phone holds --search, or all of them",
    ),
    (
        "Une partie du nom, de l'e-mail ou du téléphone",
        "Part of the name, e-mail or phone",
    ),
    (
        "Nom du client, « Prénom Nom » : coupé au premier espace en prénom et nom, sauf si --first-name ou --last-name sont donnés",
        "The customer's name, 'First Last': split at the first space into first and last name, unless --first-name or --last-name are given",
    ),
    (
        "Prénom du client (remplace le découpage de --name)",
        "The customer's first name (instead of splitting --name)",
    ),
    (
        "Nom de famille du client (remplace le découpage de --name)",
        "The customer's last name (instead of splitting --name)",
    ),
    (
        "Civilité du client (M., Mme…)",
        "The customer's title (M., Mme…)",
    ),
    (
        "Adresse postale du client (retours à la ligne permis)",
        "The customer's postal address (line breaks allowed)",
    ),
    (
        "Modifie le client ou le groupe d'une réservation ; seuls les champs donnés changent (une valeur vide efface la civilité ou l'adresse)",
        "Edits a booking's customer or party; only the fields given change (an empty value erases the title or the address)",
    ),
    (
        "Nom du client, « Prénom Nom » (coupé au premier espace)",
        "The customer's name, 'First Last' (split at the first space)",
    ),
    (
        "Prénom du client",
        "The customer's first name",
    ),
    (
        "Nom de famille du client",
        "The customer's last name",
    ),
    (
        "Acompte demandé à la réservation, en pourcentage du prix (0 à 100)",
        "Deposit asked when booking, in percent of the price (0 to 100)",
    ),
    (
        "Nature de l'acompte : arrhes (le client qui annule les perd, le prestataire qui annule rend le double) ou acompte (engagement ferme : tout le prix reste dû)",
        "Kind of deposit: arrhes (a customer who cancels loses them, a provider who cancels pays back double) or acompte (a firm commitment: the whole price remains due)",
    ),
    (
        "Le solde est dû ce nombre de jours avant l'arrivée (0 à 365)",
        "The balance is due this many days before arrival (0 to 365)",
    ),
    (
        "Fichier texte des conditions générales de vente, imprimées sur les contrats",
        "Text file of the conditions of sale, printed on contracts",
    ),
    (
        "Informations complémentaires des contrats : la taxe de séjour (règle P9)",
        "Additional information of contracts: the tourist tax (rule P9)",
    ),
    (
        "Contrats de location (règle B2) : ce qui a été payé et ce qui reste dû",
        "Rental contracts (rule B2): what was paid and what remains due",
    ),
    (
        "Écrit le contrat d'une réservation en PDF : prestataire, client, séjour, prix, acompte demandé (arrhes ou acompte), paiements reçus, solde et son échéance, conditions, informations complémentaires",
        "Writes a booking's contract as a PDF: provider, customer, stay, price, deposit asked (arrhes or acompte), payments received, balance and its due date, conditions, additional information",
    ),
    (
        "Ce que dit le contrat d'une réservation (JSON avec --json)",
        "What a booking's contract says (JSON with --json)",
    ),
    (
        "Modèles des e-mails envoyés aux clients (règle T6). Notifications : confirmation, rappel_solde, annulation, billets. La première ligne « Objet : … » d'un modèle est l'objet de l'e-mail. Champs : {ContactTitre} {ContactNom} {ContactPrenom} {ContactAdresse} {ContactEMail} {PrestataireIdentite} {PrestataireAdresse} {PrestataireEMail} {Numero} {PourcentageAcompte} {MontantAcompte} {Solde} {Total}",
        "Templates of the e-mails sent to customers (rule T6). Notifications: confirmation, rappel_solde, annulation, billets. A template's first line 'Objet : …' is the e-mail's subject. Placeholders: {ContactTitre} {ContactNom} {ContactPrenom} {ContactAdresse} {ContactEMail} {PrestataireIdentite} {PrestataireAdresse} {PrestataireEMail} {Numero} {PourcentageAcompte} {MontantAcompte} {Solde} {Total}",
    ),
    (
        "Liste les notifications et leur modèle (le texte par défaut tant qu'aucun n'est enregistré)",
        "Lists the notifications and their template (the default text until one is saved)",
    ),
    (
        "Affiche le modèle d'une notification",
        "Shows a notification's template",
    ),
    (
        "La notification (confirmation, rappel_solde, annulation, billets)",
        "The notification (confirmation, rappel_solde, annulation, billets)",
    ),
    (
        "Enregistre le modèle d'une notification ; un champ inconnu est refusé et nommé (code de sortie 1), rien n'est enregistré",
        "Saves a notification's template; an unknown placeholder is refused and named (exit status 1), nothing is saved",
    ),
    (
        "Le fichier texte du modèle (UTF-8)",
        "The template's text file (UTF-8)",
    ),
    (
        "Le texte d'une notification, chaque champ rempli pour une réservation",
        "A notification's text, every placeholder filled for a booking",
    ),
    (
        "Supprime une réservation jamais facturée ni payée (facturée : annulez-la)",
        "Deletes a booking never invoiced nor paid (invoiced: cancel it)",
    ),
    (
        "TVA des factures émises désormais : franchise (« TVA non applicable, art. 293 B du CGI ») ou charged (TVA par taux)",
        "VAT of the invoices issued from now on: franchise (« TVA non applicable, art. 293 B du CGI ») or charged (VAT per rate)",
    ),
    (
        "SIRET (14 chiffres)",
        "SIRET (14 digits)",
    ),
    (
        "Adresse du prestataire : rue",
        "Provider's address: street",
    ),
    (
        "Code postal du prestataire",
        "Provider's postcode",
    ),
    (
        "Commune du prestataire",
        "Provider's town",
    ),
    (
        "Factures et avoirs : liste (défaut), émission, PDF, vérification de la numérotation",
        "Invoices and credit notes: list (default), issue, PDF, numbering check",
    ),
    (
        "Liste les factures et les avoirs",
        "Lists the invoices and credit notes",
    ),
    (
        "Émet la facture d'une réservation : les prestations et le total, jamais les paiements",
        "Issues a booking's invoice: the services and the total, never the payments",
    ),
    (
        "Écrit le PDF d'une facture ou d'un avoir, tel qu'émis",
        "Writes the PDF of an invoice or credit note, as issued",
    ),
    (
        "La facture ou l'avoir",
        "The invoice or credit note",
    ),
    (
        "Vérifie la numérotation (sans trou, chronologique) et que nul PDF n'a changé ; code de sortie 1 au premier problème",
        "Checks the numbering (no gap, chronological) and that no PDF changed; exit status 1 at the first problem",
    ),
    (
        "Disponibilité d'un hébergement nuit par nuit : libre sauf réservation, blocage ou calendrier importé",
        "A unit's availability night by night: free unless a booking, a hold or an imported calendar takes it",
    ),
    ("Première nuit, AAAA-MM-JJ", "First night, YYYY-MM-DD"),
    ("Nombre de nuits", "Number of nights"),
    ("L'hébergement", "The unit"),
    (
        "Calendriers iCal (règle B4) : import d'une plateforme, export de l'occupation",
        "iCal calendars (rule B4): importing a channel's, exporting the occupancy",
    ),
    (
        "Importe le calendrier d'une plateforme (fichier .ics ou adresse https://) : ses nuits sont bloquées",
        "Imports a channel's calendar (an .ics file or an https:// address): its nights are blocked",
    ),
    (
        "Le fichier .ics ou l'adresse https:// du calendrier",
        "The calendar's .ics file or https:// address",
    ),
    (
        "Écrit l'occupation d'un hébergement en calendrier iCal (sans données personnelles)",
        "Writes a unit's occupancy as an iCal calendar (no personal data)",
    ),
    (
        "Le fichier .ics à écrire (chemin complet)",
        "The .ics file to write (full path)",
    ),
    (
        "Calendriers importés, avec leur dernier import réussi et leur dernière erreur",
        "Imported calendars, with their last successful import and their last error",
    ),
    ("Seulement ceux de cet hébergement", "Only those of this unit"),
    (
        "Retire un calendrier importé : ses nuits redeviennent libres",
        "Removes an imported calendar: its nights are free again",
    ),
    (
        "Le calendrier (son identifiant, voir « ical list »)",
        "The calendar (its id, see \"ical list\").",
    ),
    (
        "Réimporte maintenant les adresses dont l'intervalle est écoulé",
        "Imports again now the addresses whose interval is over",
    ),
    (
        "Intervalle entre deux imports d'une adresse, en minutes (5 à 1440) ; sans valeur, l'affiche",
        "Minutes between two imports of an address (5 to 1440); without a value, shows it",
    ),
    (
        "Met en file la notification d'un séjour (confirmation, rappel_solde, annulation) : son modèle rempli pour la réservation, le contrat en PDF joint, et la facture (l'avoir pour une annulation) quand il y en a une ; part quand le serveur de synchronisation a enregistré la réservation",
        "Queues a stay's notification (confirmation, rappel_solde, annulation): its template filled for the booking, the contract attached as a PDF, and the invoice (the credit note for a cancellation) when there is one; it leaves once the sync server has recorded the booking",
    ),
    ("La réservation (séjour)", "The booking (a stay)"),
    (
        "La notification (confirmation, rappel_solde, annulation)",
        "The notification (confirmation, rappel_solde, annulation)",
    ),
    (
        "Adresse du destinataire (défaut : l'e-mail du client)",
        "The recipient's address (default: the customer's e-mail)",
    ),
    ("Nombre de minutes (5 à 1440)", "Number of minutes (5 to 1440)"),
    (
        "L'adresse secrète du calendrier d'un hébergement sur le serveur de synchronisation, pour une plateforme",
        "The secret address of a unit's calendar on the sync server, for a channel",
    ),
    (
        "Billets d'une séance : SÉANCE[:QUANTITÉ[:BILLET]], BILLET étant le tarif (défaut : le premier en vente) ; répétable",
        "Tickets of a session: SESSION[:QUANTITY[:TICKET]], TICKET being the ticket product (default: the first on sale); repeatable",
    ),
    (
        "Durée de validité des bons cadeaux vendus désormais, en mois (1 à 60)",
        "How many months the gift vouchers sold from now on are valid (1 to 60)",
    ),
    (
        "Déplace la photo numéro N à la place voulue (la première est montrée en premier)",
        "Moves photo number N to the place wanted (the first one is shown first)",
    ),
    (
        "Sa nouvelle place (1 : la première)",
        "Its new place (1: the first)",
    ),
    (
        "Photos d'un produit (JPEG ou PNG, réduites pour tenir dans 1000×1000, moins de 2 Mo) : liste, ajout, suppression, ordre, export",
        "A product's photos (JPEG or PNG, scaled down to fit 1000×1000, under 2 MB): list, add, remove, order, export",
    ),
    (
        "Joint un PDF à un produit, montré sous sa description avant la réservation (5 Mo au plus)",
        "Attaches a PDF to a product, shown under its description before booking (5 MB at most)",
    ),
    (
        "Le fichier PDF",
        "The PDF file",
    ),
    (
        "Son titre (défaut : le nom du fichier)",
        "Its title (default: the file's name)",
    ),
    (
        "Liste les PDF joints à un produit",
        "Lists the PDFs attached to a product",
    ),
    (
        "Retire le PDF joint numéro N d'un produit",
        "Removes a product's attached PDF number N",
    ),
    (
        "Son numéro dans la liste (« guichet products attachments »)",
        "Its number in the list ('guichet products attachments')",
    ),
    (
        "Écrit le PDF joint numéro N d'un produit dans un fichier",
        "Writes a product's attached PDF number N to a file",
    ),
    (
        "Le fichier à écrire",
        "The file to write",
    ),
    (
        "Liste les photos, dans leur ordre",
        "Lists the photos, in their order",
    ),
    (
        "Le produit ou l'hébergement",
        "The product or the unit",
    ),
    (
        "Ajoute une photo JPEG ou PNG (lue d'après son contenu, pas son nom), réduite, sans ses métadonnées (ni EXIF ni GPS)",
        "Adds a JPEG or PNG photo (told by its content, not its name), scaled down, without its metadata (no EXIF, no GPS)",
    ),
    (
        "Le fichier de la photo",
        "The photo's file",
    ),
    (
        "Retire la photo numéro N",
        "Removes photo number N",
    ),
    (
        "Son numéro dans la liste",
        "Its number in the list",
    ),
    (
        "Écrit la photo numéro N dans un fichier, telle que gardée",
        "Writes photo number N to a file, as kept",
    ),
    (
        "Photos d'un hébergement (JPEG ou PNG, réduites pour tenir dans 1024×768, moins de 2 Mo) : liste, ajout, suppression, ordre, export",
        "A unit's photos (JPEG or PNG, scaled down to fit 1024×768, under 2 MB): list, add, remove, order, export",
    ),
    (
        "Imprime le ticket sur l'imprimante de la caisse (et ouvre le tiroir si espèces)",
        "Prints the receipt on the till's printer (and opens the drawer for cash)",
    ),
    (
        "Imprime le ticket d'une vente sur l'imprimante de la caisse",
        "Prints a sale's receipt on the till's printer",
    ),
    (
        "Ouvre le tiroir-caisse (par l'imprimante de tickets)",
        "Opens the cash drawer (through the receipt printer)",
    ),
    (
        "L'imprimante de tickets de ce poste : 192.168.1.50[:9100], usb, usb:VVVV:PPPP ; « none » pour n'en avoir aucune ; sans valeur, l'affiche",
        "This device's receipt printer: 192.168.1.50[:9100], usb, usb:VVVV:PPPP; 'none' for none; without a value, shows it",
    ),
    (
        "Le réglage",
        "The setting",
    ),
    (
        "Écrit le ticket de caisse (PDF 80 mm) dans ce fichier",
        "Writes the receipt (80 mm PDF) to this file",
    ),
    (
        "Le ticket de caisse d'une vente, en PDF 80 mm",
        "A sale's receipt, as an 80 mm PDF",
    ),
    (
        "Le fichier PDF à écrire",
        "The PDF file to write",
    ),
    (
        "Le code du bon cadeau, pour --method gift_voucher",
        "The gift voucher's code, for --method gift_voucher",
    ),
    (
        "Le client accepte que ce qui reste sur le bon ne soit pas rendu",
        "The customer accepts that what is left on the voucher is not given back",
    ),
    (
        "Caisse : ouverture, ventes, annulation, remboursement, comptage, export",
        "Till: opening, sales, void, refund, cash count, export",
    ),
    (
        "La caisse de ce poste : ouverte ou non, espèces attendues",
        "This device's till: open or not, cash expected",
    ),
    (
        "Ouvre la caisse avec son fond de caisse",
        "Opens the till with its float",
    ),
    (
        "Fond de caisse, par exemple 150.00",
        "Float, e.g. 150.00",
    ),
    (
        "Ce que coûterait un panier, sans rien enregistrer",
        "What a cart would cost, recording nothing",
    ),
    (
        "Produit vendu : PRODUIT[:QUANTITÉ[:AAAA-MM-JJ de l'activité]] ; répétable",
        "Product sold: PRODUCT[:QUANTITY[:YYYY-MM-DD of the activity]]; repeatable",
    ),
    (
        "Bon cadeau vendu : MONTANT:PRODUIT[,PRODUIT…] ; répétable",
        "Gift voucher sold: AMOUNT:PRODUCT[,PRODUCT…]; repeatable",
    ),
    (
        "Paiement : MOYEN:MONTANT, ou gift_voucher:CODE[:MONTANT_IMPRIMÉ] ; répétable",
        "Payment: METHOD:AMOUNT, or gift_voucher:CODE[:PRINTED_AMOUNT]; repeatable",
    ),
    (
        "Le client accepte que ce qui reste sur un bon cadeau ne soit pas rendu",
        "The customer accepts that what is left on a gift voucher is not given back",
    ),
    (
        "Vend un panier",
        "Sells a cart",
    ),
    (
        "Les ventes d'un jour",
        "A day's sales",
    ),
    (
        "Le jour, AAAA-MM-JJ (défaut : aujourd'hui)",
        "The day, YYYY-MM-DD (default: today)",
    ),
    (
        "Une vente",
        "One sale",
    ),
    (
        "La vente",
        "The sale",
    ),
    (
        "Annule une vente du jour (contre-passation)",
        "Voids one of today's sales (a counter-entry)",
    ),
    (
        "Rembourse une partie d'une vente (jamais une activité passée)",
        "Refunds part of a sale (never a past activity)",
    ),
    (
        "Montant rendu, par exemple 25.00",
        "Amount given back, e.g. 25.00",
    ),
    (
        "Compte les espèces à la clôture : l'écart avec l'attendu est enregistré",
        "Counts the cash at closing: the difference with what is expected is recorded",
    ),
    (
        "Espèces comptées dans le tiroir",
        "Cash counted in the drawer",
    ),
    (
        "Produits de la caisse (activités, articles) : liste (défaut), ajout, modification, suppression",
        "The till's products (activities, items): list (default), add, edit, remove",
    ),
    (
        "Liste les produits de la caisse",
        "Lists the till's products",
    ),
    (
        "Ajoute un produit",
        "Adds a product",
    ),
    (
        "Prix TTC, par exemple 25.00",
        "Price with VAT, e.g. 25.00",
    ),
    (
        "Taux de TVA en pour cent (défaut : 20)",
        "VAT rate in percent (default: 20)",
    ),
    (
        "Canal où il est proposé : till (caisse), widget, mini_site ; répétable (défaut : till). « none » : vendu seulement en bon cadeau",
        "Channel where it is offered: till, widget, mini_site; repeatable (default: till). 'none': sold through gift vouchers only",
    ),
    (
        "Modifie un produit (seuls les champs donnés changent)",
        "Edits a product (only the fields given change)",
    ),
    (
        "Le produit",
        "The product",
    ),
    (
        "Nouveau nom",
        "New name",
    ),
    (
        "Nouveau prix TTC",
        "New price with VAT",
    ),
    (
        "Nouveau taux de TVA en pour cent",
        "New VAT rate in percent",
    ),
    (
        "Canaux où il est proposé (remplacent les actuels ; « none » : aucun)",
        "Channels where it is offered (replace the current ones; 'none': none)",
    ),
    (
        "Proposé (true) ou désactivé (false)",
        "Offered (true) or deactivated (false)",
    ),
    (
        "Supprime un produit jamais vendu (sinon : désactivez-le)",
        "Deletes a product never sold (otherwise: deactivate it)",
    ),
    (
        "Bons cadeaux : liste (défaut), vente, encaissement, désactivation, prolongation, PDF à imprimer, rapport",
        "Gift vouchers: list (default), sell, redeem, deactivate, extend, printable PDF, report",
    ),
    (
        "Écrit le bon cadeau à imprimer en PDF (son code en QR)",
        "Writes the gift voucher to print as a PDF (its code as a QR)",
    ),
    (
        "Liste les bons cadeaux connus de ce poste",
        "Lists the gift vouchers this device knows",
    ),
    (
        "Un bon cadeau et son historique",
        "A gift voucher and its history",
    ),
    (
        "Son code",
        "Its code",
    ),
    (
        "Vend un bon cadeau, payé en entier, valable un an",
        "Sells a gift voucher, paid in full, valid a year",
    ),
    (
        "Produit payable par ce bon (au moins un ; répétable)",
        "A product this voucher pays for (one at least; repeatable)",
    ),
    (
        "Montant du bon, par exemple 50.00",
        "The voucher's amount, e.g. 50.00",
    ),
    (
        "Encaisse un bon cadeau comme paiement (une seule fois)",
        "Redeems a gift voucher as a payment (once)",
    ),
    (
        "Son code (scanné ou tapé)",
        "Its code (scanned or typed)",
    ),
    (
        "Montant imprimé sur le bon, seulement pour un bon que ce poste ne connaît pas encore",
        "The amount printed on the voucher, only for a voucher this device does not know yet",
    ),
    (
        "Montant du panier qu'il paie (défaut : tout le bon) ; le reste du bon n'est pas rendu",
        "The cart amount it pays (default: the whole voucher); what is left on it is not given back",
    ),
    (
        "Désactive un bon cadeau à la main (remboursé en dehors de l'outil, utilisé ailleurs)",
        "Deactivates a gift voucher by hand (refunded outside the tool, used elsewhere)",
    ),
    (
        "Pourquoi",
        "Why",
    ),
    (
        "Prolonge la validité d'un bon cadeau",
        "Extends a gift voucher's validity",
    ),
    (
        "Nouveau dernier jour, AAAA-MM-JJ",
        "New last day, YYYY-MM-DD",
    ),
    (
        "Date du virement d'un paiement en ligne reçu tel jour (règle O4)",
        "The payout date of an online payment received on a given day (rule O4)",
    ),
    (
        "Date du paiement, AAAA-MM-JJ",
        "Payment date, YYYY-MM-DD",
    ),
    (
        "Frais du service de paiement sur un paiement en ligne : 1,8 % + 0,20 € (règle O5)",
        "The payment service's fee on an online payment: 1.8 % + 0.20 € (rule O5)",
    ),
    (
        "Montant payé, par exemple 100.00",
        "Amount paid, e.g. 100.00",
    ),
    (
        "Porte-monnaie des ventes en ligne (règle A2)",
        "The online sales wallet (rule A2)",
    ),
    (
        "Ce qu'un encaissement verserait : tout le disponible moins le dépôt de garantie de 60 €, à partir de 120 € (règle A2)",
        "What a cash-out would pay: everything available but the 60 € guarantee deposit, from 120 € (rule A2)",
    ),
    (
        "Solde du porte-monnaie, par exemple 350.00 (négatif après un remboursement)",
        "The wallet's balance, e.g. 350.00 (negative after a refund)",
    ),
    (
        "Versement forcé de tout le solde, dépôt compris (action du support)",
        "A forced payout of the whole balance, deposit included (a support action)",
    ),
    (
        "Virements du service de paiement en ligne : import des transactions, rapprochement d'un relevé de virements PAYOUT-… (règle O3)",
        "Payouts of the online payment service: import its transactions, reconcile a statement of PAYOUT-… transfers (rule O3)",
    ),
    (
        "Importe l'export des transactions du service de paiement (CSV : colonnes transaction, date, montant ; « ; » ou « , » ; virgule ou point décimal). Un fichier mal formé est refusé en entier, ligne et colonne nommées",
        "Imports the payment service's transaction export (CSV: columns transaction, date, montant; ';' or ','; decimal comma or point). A malformed file is refused whole, naming the line and column",
    ),
    (
        "Le fichier CSV exporté",
        "The exported CSV file",
    ),
    (
        "Rapproche un relevé de virements (CSV : colonnes payout, date_virement, transaction, date_transaction, montant, frais, net) des transactions importées : chaque PAYOUT-… avec ses transactions et ses écarts",
        "Reconciles a payout statement (CSV: columns payout, date_virement, transaction, date_transaction, montant, frais, net) with the imported transactions: each PAYOUT-… with its transactions and differences",
    ),
    (
        "Le relevé CSV",
        "The CSV statement",
    ),
    (
        "Passerelles de paiement des banques : liste (défaut), réglage, vérification, retrait. Les secrets vont dans le trousseau du système, jamais ailleurs (règle O6)",
        "The banks' payment gateways: list (default), set, check, remove. Secrets go to the system keychain, never anywhere else (rule O6)",
    ),
    (
        "Liste les passerelles, leurs champs et ce qui est réglé sur ce poste",
        "Lists the gateways, their fields and what is set on this device",
    ),
    (
        "Règle une passerelle : champs non secrets avec --field, secrets lus dans un fichier ou sur l'entrée standard (jamais sur la ligne de commande)",
        "Sets a gateway up: non-secret fields with --field, secrets read from a file or standard input (never from the command line)",
    ),
    (
        "La passerelle (paybox, payfip, monetico…)",
        "The gateway (paybox, payfip, monetico…)",
    ),
    (
        "Un champ non secret, CLÉ=VALEUR ; répétable",
        "A non-secret field, KEY=VALUE; repeatable",
    ),
    (
        "Fichier des secrets, une ligne CLÉ=VALEUR par secret ; « - » : l'entrée standard",
        "File of the secrets, one KEY=VALUE line per secret; '-': standard input",
    ),
    (
        "Dit quels secrets d'une passerelle le trousseau du système contient (sans les montrer)",
        "Tells which of a gateway's secrets the system keychain holds (without showing them)",
    ),
    (
        "La passerelle",
        "The gateway",
    ),
    (
        "Retire une passerelle : ses secrets du trousseau, ses réglages de ce poste",
        "Removes a gateway: its secrets from the keychain, its settings from this device",
    ),
    (
        "E-mails : file d'attente (défaut), envoi, relance, réglages du serveur d'envoi (SMTP). Les e-mails attendent sur ce poste et partent quand la connexion revient (règle T6)",
        "E-mails: the queue (default), sending, retrying, the outgoing (SMTP) server's settings. E-mails wait on this device and leave when the connection comes back (rule T6)",
    ),
    (
        "Les e-mails de la file : état, tentatives, raison d'un échec, date d'envoi",
        "The e-mails of the queue: state, attempts, why one failed, when it was sent",
    ),
    (
        "Met un e-mail en file ; il part tout de suite si c'est possible",
        "Queues an e-mail; it leaves at once when it can",
    ),
    (
        "Adresse du destinataire",
        "The recipient's address",
    ),
    (
        "Objet",
        "The subject",
    ),
    (
        "Fichier texte du message (UTF-8) ; « - » : l'entrée standard",
        "The message's text file (UTF-8); '-': standard input",
    ),
    (
        "Fichier joint ; répétable",
        "A file to attach; repeatable",
    ),
    (
        "La réservation concernée : l'e-mail part quand le serveur de synchronisation l'a enregistrée",
        "The booking it concerns: the e-mail leaves once the sync server has recorded it",
    ),
    (
        "Met en file sans essayer d'envoyer",
        "Queues it without trying to send",
    ),
    (
        "Met en file un e-mail avec les billets d'une réservation de billets en PDF",
        "Queues an e-mail with a ticket booking's tickets attached as a PDF",
    ),
    (
        "La réservation de billets",
        "The ticket booking",
    ),
    (
        "Objet (défaut : « Vos billets — réservation … »)",
        "The subject (default: 'Vos billets — réservation …')",
    ),
    (
        "Fichier texte du message (défaut : un message court)",
        "The message's text file (default: a short message)",
    ),
    (
        "Envoie maintenant les e-mails en attente (y compris ceux qui ont échoué faute de réseau)",
        "Sends the waiting e-mails now (those that failed for want of a network too)",
    ),
    (
        "Relance un e-mail qui a échoué",
        "Tries a failed e-mail again",
    ),
    (
        "L'e-mail",
        "The e-mail",
    ),
    (
        "Montre ou change les réglages du serveur d'envoi ; le mot de passe va dans le trousseau du système",
        "Shows or changes the outgoing server's settings; the password goes to the system keychain",
    ),
    (
        "Serveur d'envoi (smtp.exemple.fr)",
        "The outgoing server (smtp.example.com)",
    ),
    (
        "Port (défaut : 587 en STARTTLS, 465 en TLS)",
        "The port (default: 587 with STARTTLS, 465 with TLS)",
    ),
    (
        "Sécurité : starttls, tls, ou plain (sans chiffrement, vers cette machine seulement)",
        "Security: starttls, tls, or plain (no encryption, to this machine only)",
    ),
    (
        "Identifiant de connexion (vide : aucun)",
        "The login (empty: none)",
    ),
    (
        "Adresse d'expédition",
        "The sender's address",
    ),
    (
        "Nom de l'expéditeur",
        "The sender's name",
    ),
    (
        "Fichier contenant le mot de passe (une ligne) ; « - » : l'entrée standard",
        "A file holding the password (one line); '-': standard input",
    ),
    (
        "Oublie le mot de passe",
        "Forgets the password",
    ),
    (
        "Envoie tout de suite un e-mail d'essai avec les réglages de ce poste",
        "Sends a test e-mail now with this device's settings",
    ),
    (
        "Journal de caisse inaltérable (règle A17) : vérification, liste, clôtures",
        "Tamper-evident till journal (rule A17): verify, list, closings",
    ),
    (
        "Vérifie le journal de caisse : une entrée modifiée, supprimée ou insérée donne le code de sortie 1 et la première entrée fautive. JSON : {\"entries\": N, \"ok\": BOOL, \"certifiable\": BOOL}",
        "Verifies the till journal: an entry changed, removed or inserted gives exit status 1 and the first bad entry. JSON: {\"entries\": N, \"ok\": BOOL, \"certifiable\": BOOL}",
    ),
    (
        "Liste les entrées du journal de caisse, de la plus ancienne à la plus récente",
        "Lists the entries of the till journal, oldest first",
    ),
    (
        "Clôture la caisse d'un jour, d'un mois ou d'une année : totaux par moyen de paiement, grand total perpétuel et empreinte du journal, envoyée au serveur",
        "Closes the till for a day, a month or a year: totals per payment method, the perpetual grand total and the journal's chain head, sent to the server",
    ),
    (
        "Le jour, AAAA-MM-JJ (heure de Paris)",
        "The day, YYYY-MM-DD (Paris time)",
    ),
    (
        "Le mois, AAAA-MM",
        "The month, YYYY-MM",
    ),
    (
        "L'année, AAAA",
        "The year, YYYY",
    ),
    (
        "Opérateurs de ce poste (la ligne de commande agit en responsable) : liste (défaut), ajout, retrait",
        "Operators of this device (the command line acts as a manager): list (default), add, remove",
    ),
    (
        "Liste les opérateurs de ce poste (jamais leur code PIN)",
        "Lists the operators of this device (never their PIN)",
    ),
    (
        "Ajoute un opérateur ; son code PIN (4 à 8 chiffres) est lu sur la première ligne de --pin-file, jamais sur la ligne de commande",
        "Adds an operator; their PIN (4 to 8 digits) is read from the first line of --pin-file, never from the command line",
    ),
    (
        "Son nom",
        "Their name",
    ),
    (
        "Son rôle : manager (responsable), cashier (caisse), gate (contrôle d'accès)",
        "Their role: manager, cashier, gate",
    ),
    (
        "Le fichier dont la première ligne est son code PIN",
        "The file whose first line is their PIN",
    ),
    (
        "Retire un opérateur (jamais le dernier responsable)",
        "Removes an operator (never the last manager)",
    ),
    (
        "Adultes (la capacité de l'hébergement est vérifiée)",
        "Adults (checked against the unit's capacity)",
    ),
    (
        "Enfants",
        "Children",
    ),
    (
        "Le dossier d'une réservation : client, groupe, paiements, solde, historique",
        "A booking's file: guest, party, payments, balance, history",
    ),
    (
        "Enregistre un paiement (acompte, solde) ; un remboursement est un montant négatif",
        "Records a payment (a deposit, the balance); a refund is a negative amount",
    ),
    (
        "Montant, par exemple 300.00 (négatif pour un remboursement)",
        "Amount, e.g. 300.00 (negative for a refund)",
    ),
    (
        "Moyen de paiement",
        "Payment method",
    ),
    (
        "Jour du paiement, AAAA-MM-JJ (défaut : aujourd'hui)",
        "Day of the payment, YYYY-MM-DD (default: today)",
    ),
    (
        "Déplace une réservation entière vers d'autres dates ou un autre hébergement",
        "Moves a whole booking to other dates or another unit",
    ),
    (
        "Hébergement (défaut : le même)",
        "Unit (default: the same)",
    ),
    (
        "Nouvelle date d'arrivée, AAAA-MM-JJ",
        "New arrival date, YYYY-MM-DD",
    ),
    (
        "Prix convenu (défaut : le prix des tarifs aux nouvelles dates)",
        "Agreed price (default: the tariffs' price at the new dates)",
    ),
    (
        "Espèces",
        "Cash",
    ),
    (
        "Carte bancaire",
        "Card",
    ),
    (
        "Chèque",
        "Cheque",
    ),
    (
        "Virement",
        "Bank transfer",
    ),
    (
        "Chèques-Vacances papier",
        "Paper holiday vouchers (ANCV)",
    ),
    (
        "Chèque-Vacances Connect",
        "Chèque-Vacances Connect (ANCV, online)",
    ),
    (
        "Bon cadeau (à la caisse)",
        "Gift voucher (at the till)",
    ),
    (
        "Abandonne un blocage",
        "Releases a hold",
    ),
    (
        "Adresse du serveur (https://…, ou http:// vers cette machine seulement)",
        "Server address (https://…, or http:// to this machine only)",
    ),
    (
        "Ajoute des tarifs sur une période : chaque nuit, à la semaine, ou un forfait",
        "Adds tariffs over a period: every night, by the week, or a package",
    ),
    (
        "Ajoute un billet proposé pour un événement",
        "Adds a ticket product to an event",
    ),
    (
        "Ajoute un hébergement",
        "Adds a unit",
    ),
    (
        "Ajoute un organisateur",
        "Adds an organizer",
    ),
    (
        "Ajoute un événement",
        "Adds an event",
    ),
    (
        "Ajoute une séance à un événement",
        "Adds a session to an event",
    ),
    (
        "Annule d'abord cette réservation (hébergement)",
        "Cancels this booking first (accommodation)",
    ),
    (
        "Annule une réservation ; facturée, elle reçoit un avoir qui cite sa facture",
        "Cancels a booking; an invoiced one gets a credit note that cites its invoice",
    ),
    (
        "Annule une réservation : ses billets sont révoqués",
        "Cancels a booking: its tickets are revoked",
    ),
    (
        "Billets : vendre, voir, annuler, modifier",
        "Tickets: sell, show, cancel, amend",
    ),
    (
        "Billetterie : événements, organisateurs et billets proposés",
        "Box office: events, organizers and ticket products",
    ),
    (
        "Blocages temporaires (1 heure, règle P8)",
        "Temporary holds (1 hour, rule P8)",
    ),
    (
        "Bloque un séjour pour un client pendant une heure",
        "Holds a stay for a customer for one hour",
    ),
    (
        "Borne de contrôle sans écran : lit un code par ligne sur l'entrée standard et écrit chaque verdict (une ligne JSON avec --json) une fois enregistré",
        "Screenless gate: reads one code per line on standard input and prints each verdict (one JSON line with --json) once recorded",
    ),
    (
        "Capacité (personnes)",
        "Capacity (people)",
    ),
    (
        "Ce poste : nom affiché dans « déjà scanné sur … », rotation des clés de billets",
        "This device: the name shown in \"already scanned on …\", ticket key rotation",
    ),
    (
        "Ce que la douchette a tapé",
        "What the scanner typed",
    ),
    (
        "Conflits trouvés par la synchronisation : liste (défaut) ou règlement",
        "Conflicts found by sync: list (default) or settle",
    ),
    (
        "Contrôle d'un billet à l'entrée d'une séance (toujours code de sortie 0)",
        "Checks a ticket at a session's entrance (always exit status 0)",
    ),
    (
        "Crée une nouvelle clé de signature des billets (les anciens restent valides)",
        "Creates a new ticket signing key (older tickets stay valid)",
    ),
    (
        "D'où viennent les codes",
        "Where the codes come from",
    ),
    (
        "D'où vient le code (keyboard, hid, serial, webcam, cli)",
        "Where the code comes from (keyboard, hid, serial, webcam, cli)",
    ),
    (
        "Date d'arrivée, AAAA-MM-JJ",
        "Arrival date, YYYY-MM-DD",
    ),
    (
        "Dossier de données (défaut : le dossier d'application du système)",
        "Data dir (default: the system's application data folder)",
    ),
    (
        "Début (RFC 3339, par exemple 2026-07-14T20:30:00+02:00)",
        "Start (RFC 3339, e.g. 2026-07-14T20:30:00+02:00)",
    ),
    (
        "Détenteur",
        "Holder",
    ),
    (
        "E-mail du client",
        "Customer's e-mail",
    ),
    (
        "Fichier JSON",
        "JSON file",
    ),
    (
        "Fichier JSON : [{\"start\": DATE, \"nights\": N, \"price\": MONTANT}, …]",
        "JSON file: [{\"start\": DATE, \"nights\": N, \"price\": AMOUNT}, …]",
    ),
    (
        "Fichier PDF à écrire",
        "PDF file to write",
    ),
    (
        "Fin (exclue)",
        "End (excluded)",
    ),
    (
        "Fin de la période (date de départ, exclue)",
        "End of the period (departure date, excluded)",
    ),
    (
        "Guichet : planning, tarifs, réservations, billetterie et contrôle d'accès, hors ligne",
        "Guichet: planning, tariffs, bookings, box office and gate, offline",
    ),
    (
        "Hébergement",
        "Unit",
    ),
    (
        "Hébergement (identifiant)",
        "Unit (identifier)",
    ),
    (
        "Hébergements : liste (défaut) ou ajout",
        "Units: list (default) or add",
    ),
    (
        "Importe un fichier de tarifs JSON",
        "Imports a JSON tariff file",
    ),
    (
        "Inscrit ce poste auprès du serveur de synchronisation du prestataire, avec un code à usage unique (« guichet-sync enrollment-code »)",
        "Enrols this device with the provider's sync server, with a one-time code (\"guichet-sync enrollment-code\")",
    ),
    (
        "Jour d'arrivée du forfait",
        "Arrival day of the package",
    ),
    (
        "L'événement",
        "The event",
    ),
    (
        "L'événement (tous sinon)",
        "The event (all otherwise)",
    ),
    (
        "La réservation",
        "The booking",
    ),
    (
        "La séance",
        "The session",
    ),
    (
        "La séance contrôlée",
        "The session checked",
    ),
    (
        "Langue de l'aide et des erreurs de la ligne de commande : fr ou en",
        "Language of the command line's help and errors: fr or en",
    ),
    (
        "Le billet proposé (défaut : le premier de l'événement)",
        "The ticket product (default: the event's first)",
    ),
    (
        "Le blocage",
        "The hold",
    ),
    (
        "Le code d'inscription",
        "The enrolment code",
    ),
    (
        "Le conflit",
        "The conflict",
    ),
    (
        "Le fichier de sauvegarde",
        "The backup file",
    ),
    (
        "Le fichier de sauvegarde à écrire (lisible par vous seul)",
        "The backup file to write (readable by you only)",
    ),
    (
        "Les images",
        "The images",
    ),
    (
        "Les réservations d'une séance (T3)",
        "A session's bookings (T3)",
    ),
    (
        "Libère les blocages expirés",
        "Releases expired holds",
    ),
    (
        "Liste les billets proposés, par thème puis organisateur (T2)",
        "Lists ticket products, by theme then organizer (T2)",
    ),
    (
        "Liste les blocages en cours",
        "Lists current holds",
    ),
    (
        "Liste les conflits (ceux à régler d'abord)",
        "Lists conflicts (those to settle first)",
    ),
    (
        "Liste les hébergements",
        "Lists units",
    ),
    (
        "Liste les réservations",
        "Lists bookings",
    ),
    (
        "Liste les tarifs d'un hébergement",
        "Lists a unit's tariffs",
    ),
    (
        "Lit le mot de passe dans ce fichier (sa première ligne)",
        "Reads the passphrase from this file (its first line)",
    ),
    (
        "Lit les QR codes d'images (PNG, JPEG, WebP) : une ligne JSON par image",
        "Reads QR codes from images (PNG, JPEG, WebP): one JSON line per image",
    ),
    (
        "Mode de calcul",
        "Pricing mode",
    ),
    (
        "Mode de calcul des prix",
        "Pricing mode",
    ),
    (
        "Modifie une réservation : annulée et refaite en une étape, le lien gardé (T1)",
        "Amends a booking: cancelled and remade in one step, linked (T1)",
    ),
    (
        "Nom",
        "Name",
    ),
    (
        "Nom du billet",
        "Ticket name",
    ),
    (
        "Nom du client",
        "Customer's name",
    ),
    (
        "Nom du prestataire",
        "Provider's name",
    ),
    (
        "Nombre de billets",
        "Number of tickets",
    ),
    (
        "Nombre de jours",
        "Number of days",
    ),
    (
        "Nombre de nuits (≥ 1)",
        "Number of nights (≥ 1)",
    ),
    (
        "Nouveau nom du poste",
        "New device name",
    ),
    (
        "Nouveau nombre de billets",
        "New number of tickets",
    ),
    (
        "Nouvelle séance (défaut : la même)",
        "New session (default: the same)",
    ),
    (
        "Opérations en attente de synchronisation",
        "Operations waiting to be synced",
    ),
    (
        "Ordre : back-office (défaut) ou vente (capacité croissante)",
        "Order: back-office (default) or sale (capacity, smallest first)",
    ),
    (
        "Organisateur",
        "Organizer",
    ),
    (
        "Paiement reçu : le blocage devient une réservation ferme",
        "Payment received: the hold becomes a firm booking",
    ),
    (
        "Paramètres du prestataire",
        "Provider settings",
    ),
    (
        "Passage au paiement : le blocage repart pour une heure",
        "Going to payment: the hold restarts for one hour",
    ),
    (
        "Places",
        "Seats",
    ),
    (
        "Planning : hébergements × jours",
        "Planning: units × days",
    ),
    (
        "Premier jour",
        "First day",
    ),
    (
        "Premier jour, AAAA-MM-JJ (défaut : aujourd'hui)",
        "First day, YYYY-MM-DD (default: today)",
    ),
    (
        "Première nuit, AAAA-MM-JJ",
        "First night, YYYY-MM-DD",
    ),
    (
        "Prix (de la nuit, de la semaine ou du forfait)",
        "Price (of the night, the week or the package)",
    ),
    (
        "Prix convenu (défaut : le prix des tarifs)",
        "Agreed price (default: the tariffs' price)",
    ),
    (
        "Prix d'un billet",
        "Price of one ticket",
    ),
    (
        "Prix d'un séjour d'après un fichier de tarifs (sans dossier de données)",
        "Price of a stay from a tariff file (no data dir)",
    ),
    (
        "Prix et disponibilité d'un séjour dans un hébergement (mode du prestataire)",
        "Price and availability of a stay in a unit (the provider's mode)",
    ),
    (
        "Remplace la base existante (gardée à côté, jamais effacée)",
        "Replaces the existing database (kept beside it, never erased)",
    ),
    (
        "Remplit un dossier vide avec un prestataire de démonstration",
        "Fills an empty data dir with a demo provider",
    ),
    (
        "Restaure une sauvegarde de « guichet backup » dans le dossier de données, après l'avoir vérifiée. La copie restaurée devient un nouveau poste (nouvel identifiant). Un dossier qui contient déjà une base n'est remplacé qu'avec --replace, et l'ancienne base est gardée à côté (guichet.db.avant-restauration-DATE)",
        "Restores a backup made by \"guichet backup\" into the data dir, after checking it. The restored copy becomes a new device (new identifier). A folder that already holds a database is replaced only with --replace, and the old database is kept beside it (guichet.db.avant-restauration-DATE)",
    ),
    (
        "Règle un conflit sur tous les postes : pris en compte tel quel, ou en annulant une réservation",
        "Settles a conflict on every device: accepted as it is, or by cancelling a booking",
    ),
    (
        "Réservations",
        "Bookings",
    ),
    (
        "Réserve un séjour depuis le back-office",
        "Books a stay from the back office",
    ),
    (
        "Sauvegarde chiffrée de la base et des clés de billets dans FICHIER (2 Gio au plus). Mot de passe : GUICHET_BACKUP_PASSPHRASE, ou --passphrase-file, sinon demandé au terminal. Fonctionne aussi sur un dossier en lecture seule",
        "Encrypted backup of the database and ticket keys into FILE (2 GiB at most). Passphrase: GUICHET_BACKUP_PASSPHRASE, or --passphrase-file, else asked on the terminal. Works on a read-only folder too",
    ),
    (
        "Sortie JSON lisible par une machine",
        "Machine-readable JSON output",
    ),
    (
        "Supprime les tarifs commençant dans une période",
        "Removes the tariffs starting in a period",
    ),
    (
        "Synchronise maintenant : envoie les opérations en attente, reçoit celles des autres postes. Serveur injoignable : code 1, rien n'est perdu",
        "Syncs now: sends the waiting operations, receives the other devices'. Server unreachable: exit 1, nothing is lost",
    ),
    (
        "Séances (billetterie) avec leurs compteurs",
        "Sessions (box office) with their counters",
    ),
    (
        "Tarifs d'un hébergement",
        "A unit's tariffs",
    ),
    (
        "Thème",
        "Theme",
    ),
    (
        "Téléphone du client",
        "Customer's phone",
    ),
    (
        "Un forfait de N nuits (chaque jour, ou le jour --weekday)",
        "A package of N nights (any day, or on --weekday)",
    ),
    (
        "Une réservation de billets : quantité, scannés, billets contrôlés ou non (T3)",
        "A ticket booking: quantity, scanned, tickets checked or not (T3)",
    ),
    (
        "Une semaine de 7 nuits à partir de ce jour (sat, sun, …)",
        "A week of 7 nights from this day (sat, sun, …)",
    ),
    (
        "Vend des billets pour une séance",
        "Sells tickets for a session",
    ),
    (
        "Vend des pass : chacun entre une fois à chaque séance de l'événement",
        "Sells passes: each enters once at every session of the event",
    ),
    (
        "Vérifie toute la base (PRAGMA integrity_check) sans rien écrire ; code de sortie 2 si elle est endommagée. JSON : {\"ok\": BOOL, \"problems\": [TEXTE, …]}",
        "Checks the whole database (PRAGMA integrity_check) without writing; exit status 2 when damaged. JSON: {\"ok\": BOOL, \"problems\": [TEXT, …]}",
    ),
    (
        "Écrit aussi le journal (avec les détails) sur la sortie d'erreur",
        "Also writes the log (with details) to standard error",
    ),
    (
        "Écrit les billets d'une réservation en PDF (T4)",
        "Writes a booking's tickets as a PDF (T4)",
    ),
    (
        "Écrit les billets en PDF dans ce fichier (son dossier est vérifié avant la vente)",
        "Writes the tickets as a PDF to this file (its folder is checked before the sale)",
    ),
    (
        "Question du formulaire de réservation, posée à la vente dans l'ordre donné et obligatoire sauf si --optional la nomme ; répétable (remplace le formulaire actuel)",
        "A question of the booking form, asked at the sale in the order given and required unless --optional names it; repeatable (replaces the current form)",
    ),
    (
        "Une des questions données par --question, à laquelle on peut ne pas répondre ; répétable",
        "One of the questions given by --question that may be left unanswered; repeatable",
    ),
    (
        "Retire le formulaire de réservation du produit",
        "Removes the product's booking form",
    ),
    (
        "Réponse au formulaire d'un produit : [LIGNE:]QUESTION=RÉPONSE, LIGNE étant le numéro de la --line (utile seulement si plusieurs lignes posent la question) ; répétable",
        "An answer to a product's form: [LINE:]QUESTION=ANSWER, LINE being the number of the --line (needed only when several lines ask the question); repeatable",
    ),
    (
        "Exporte les ventes d'une période pour le comptable : CSV et/ou classeur XLSX (feuilles VENTES et PRODUITS)",
        "Exports a period's sales for the accountant: CSV and/or XLSX workbook (sheets VENTES and PRODUITS)",
    ),
    (
        "Premier jour, AAAA-MM-JJ",
        "First day, YYYY-MM-DD",
    ),
    (
        "Dernier jour (inclus), AAAA-MM-JJ",
        "Last day (included), YYYY-MM-DD",
    ),
    (
        "Écrit un CSV pour Excel ou LibreOffice en français (séparateur ;) dans ce fichier",
        "Writes a CSV for French-language Excel or LibreOffice (separator ;) to this file",
    ),
    (
        "Écrit un classeur XLSX dans ce fichier",
        "Writes an XLSX workbook to this file",
    ),
    (
        "Les bons achetés et utilisés sur une période, et la différence (A8) ; exportable",
        "The vouchers bought and used over a period, and the difference (A8); exportable",
    ),
    (
        "Écrit la liste des bons en CSV (séparateur ;) dans ce fichier",
        "Writes the list of vouchers as CSV (separator ;) to this file",
    ),
    (
        "Écrit le rapport en classeur XLSX dans ce fichier",
        "Writes the report as an XLSX workbook to this file",
    ),
];

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    fn texts(cmd: &clap::Command, out: &mut Vec<String>) {
        out.extend(
            [cmd.get_about(), cmd.get_long_about()]
                .into_iter()
                .flatten()
                .map(ToString::to_string),
        );
        for arg in cmd.get_arguments() {
            out.extend(
                [arg.get_help(), arg.get_long_help()]
                    .into_iter()
                    .flatten()
                    .map(ToString::to_string),
            );
        }
        for sub in cmd.get_subcommands() {
            texts(sub, out);
        }
    }

    #[test]
    fn every_help_text_has_its_english() {
        let mut all = Vec::new();
        texts(&crate::args::Cli::command(), &mut all);
        let missing: Vec<&String> = all
            .iter()
            .filter(|t| super::help(t) == t.as_str())
            .collect();
        assert!(missing.is_empty(), "no English for: {missing:#?}");
    }
}
