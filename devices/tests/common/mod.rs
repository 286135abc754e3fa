//! Helpers shared by the devices tests.

pub mod corpus;
