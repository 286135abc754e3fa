//! Core's conflict [`Ledger`] on the server's tables (`l_*`), scoped to one provider.

use chrono::NaiveDate;
use guichet_core::sync::conflict::{Admission, FieldWrite, Ledger, LiveBooking, Mark};
use uuid::Uuid;

use crate::sql::{DbError, Sql, Value};

/// The ledger of `provider`, inside a transaction.
pub struct SqlLedger<'a> {
    /// The transaction.
    pub sql: &'a mut dyn Sql,
    /// The provider.
    pub provider: Value,
}

impl Ledger for SqlLedger<'_> {
    type Error = DbError;

    fn overlapping(
        &mut self,
        unit: Uuid,
        start: NaiveDate,
        end: NaiveDate,
        except: Uuid,
    ) -> Result<Option<LiveBooking>, DbError> {
        let row = self.sql.query_opt(
            "SELECT id, guest FROM l_bookings WHERE provider = $1 AND unit = $2 AND live = 1
             AND start < $3 AND end_date > $4 AND id <> $5 LIMIT 1",
            &[
                self.provider.clone(),
                unit.into(),
                end.to_string().into(),
                start.to_string().into(),
                except.into(),
            ],
        )?;
        row.map(|r| {
            Ok(LiveBooking {
                id: r.parse(0)?,
                guest: r.text(1)?,
            })
        })
        .transpose()
    }

    fn book(
        &mut self,
        id: Uuid,
        unit: Uuid,
        start: NaiveDate,
        end: NaiveDate,
        guest: &str,
    ) -> Result<(), DbError> {
        self.sql.exec(
            "INSERT INTO l_bookings (provider, id, unit, start, end_date, guest, live)
             VALUES ($1, $2, $3, $4, $5, $6, 1)
             ON CONFLICT (provider, id) DO UPDATE SET unit = excluded.unit, start = excluded.start,
             end_date = excluded.end_date, guest = excluded.guest, live = 1",
            &[
                self.provider.clone(),
                id.into(),
                unit.into(),
                start.to_string().into(),
                end.to_string().into(),
                guest.into(),
            ],
        )?;
        Ok(())
    }

    fn booking_live(&mut self, id: Uuid) -> Result<Option<bool>, DbError> {
        let row = self.sql.query_opt(
            "SELECT live FROM l_bookings WHERE provider = $1 AND id = $2",
            &[self.provider.clone(), id.into()],
        )?;
        row.map(|r| Ok(r.int(0)? == 1)).transpose()
    }

    fn unbook(&mut self, id: Uuid) -> Result<(), DbError> {
        self.sql.exec(
            "UPDATE l_bookings SET live = 0 WHERE provider = $1 AND id = $2",
            &[self.provider.clone(), id.into()],
        )?;
        Ok(())
    }

    fn admission(&mut self, code: &str, session: Uuid) -> Result<Option<Admission>, DbError> {
        let row = self.sql.query_opt(
            "SELECT device, device_name, at FROM l_admissions
             WHERE provider = $1 AND code = $2 AND session = $3",
            &[self.provider.clone(), code.into(), session.into()],
        )?;
        row.map(|r| admission(&r)).transpose()
    }

    fn admit(&mut self, code: &str, session: Uuid, admission: Admission) -> Result<(), DbError> {
        self.sql.exec(
            "INSERT INTO l_admissions (provider, code, session, device, device_name, at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                self.provider.clone(),
                code.into(),
                session.into(),
                admission.device.into(),
                admission.device_name.into(),
                admission.at.to_rfc3339().into(),
            ],
        )?;
        Ok(())
    }

    fn voucher_redemption(&mut self, code: &str) -> Result<Option<Admission>, DbError> {
        let row = self.sql.query_opt(
            "SELECT device, device_name, at FROM l_vouchers WHERE provider = $1 AND code = $2",
            &[self.provider.clone(), code.into()],
        )?;
        row.map(|r| admission(&r)).transpose()
    }

    fn redeem_voucher(&mut self, code: &str, redemption: Admission) -> Result<(), DbError> {
        self.sql.exec(
            "INSERT INTO l_vouchers (provider, code, device, device_name, at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                self.provider.clone(),
                code.into(),
                redemption.device.into(),
                redemption.device_name.into(),
                redemption.at.to_rfc3339().into(),
            ],
        )?;
        Ok(())
    }

    fn add_session(&mut self, session: Uuid, capacity: u32) -> Result<(), DbError> {
        self.sql.exec(
            "INSERT INTO l_sessions (provider, id, capacity) VALUES ($1, $2, $3)
             ON CONFLICT (provider, id) DO UPDATE SET capacity = excluded.capacity",
            &[
                self.provider.clone(),
                session.into(),
                i64::from(capacity).into(),
            ],
        )?;
        Ok(())
    }

    fn sell(
        &mut self,
        booking: Uuid,
        session: Uuid,
        seats: u32,
    ) -> Result<Option<(u32, u32)>, DbError> {
        self.sql.exec(
            "INSERT INTO l_sales (provider, booking, session, seats, live) VALUES ($1, $2, $3, $4, 1)
             ON CONFLICT (provider, booking) DO NOTHING",
            &[
                self.provider.clone(),
                booking.into(),
                session.into(),
                i64::from(seats).into(),
            ],
        )?;
        let row = self.sql.query_opt(
            "SELECT s.capacity, (SELECT CAST(COALESCE(SUM(seats), 0) AS BIGINT) FROM l_sales
                 WHERE provider = $1 AND session = $2 AND live = 1)
             FROM l_sessions s WHERE s.provider = $1 AND s.id = $2",
            &[self.provider.clone(), session.into()],
        )?;
        row.map(|r| {
            let count = |i| u32::try_from(r.int(i)?).map_err(|e| DbError::Shape(e.to_string()));
            Ok((count(0)?, count(1)?))
        })
        .transpose()
    }

    fn unsell(&mut self, booking: Uuid) -> Result<(), DbError> {
        self.sql.exec(
            "UPDATE l_sales SET live = 0 WHERE provider = $1 AND booking = $2",
            &[self.provider.clone(), booking.into()],
        )?;
        Ok(())
    }

    fn marked(&mut self, id: Uuid, mark: Mark) -> Result<Option<String>, DbError> {
        let row = self.sql.query_opt(
            "SELECT value FROM l_marks WHERE provider = $1 AND id = $2 AND mark = $3",
            &[self.provider.clone(), id.into(), mark.code().into()],
        )?;
        row.map(|r| r.text(0)).transpose()
    }

    fn mark(&mut self, id: Uuid, mark: Mark, value: &str) -> Result<(), DbError> {
        self.sql.exec(
            "INSERT INTO l_marks (provider, id, mark, value) VALUES ($1, $2, $3, $4)
             ON CONFLICT (provider, id, mark) DO NOTHING",
            &[
                self.provider.clone(),
                id.into(),
                mark.code().into(),
                value.into(),
            ],
        )?;
        Ok(())
    }

    fn last_write(&mut self, record: &str, field: &str) -> Result<Option<FieldWrite>, DbError> {
        let row = self.sql.query_opt(
            "SELECT value, seq, device FROM l_fields WHERE provider = $1 AND record = $2 AND field = $3",
            &[self.provider.clone(), record.into(), field.into()],
        )?;
        row.map(|r| {
            Ok(FieldWrite {
                value: serde_json::from_str(&r.text(0)?)
                    .map_err(|e| DbError::Shape(e.to_string()))?,
                seq: u64::try_from(r.int(1)?).map_err(|e| DbError::Shape(e.to_string()))?,
                device: r.parse(2)?,
            })
        })
        .transpose()
    }

    fn write(&mut self, record: &str, field: &str, write: FieldWrite) -> Result<(), DbError> {
        self.sql.exec(
            "INSERT INTO l_fields (provider, record, field, value, seq, device)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (provider, record, field)
             DO UPDATE SET value = excluded.value, seq = excluded.seq, device = excluded.device",
            &[
                self.provider.clone(),
                record.into(),
                field.into(),
                write.value.to_string().into(),
                i64::try_from(write.seq).unwrap_or(i64::MAX).into(),
                write.device.into(),
            ],
        )?;
        Ok(())
    }
}

/// An admission or a voucher redemption from its row (device, device name, instant).
fn admission(r: &crate::sql::Row) -> Result<Admission, DbError> {
    Ok(Admission {
        device: r.parse(0)?,
        device_name: r.text(1)?,
        at: r.parse(2)?,
    })
}
