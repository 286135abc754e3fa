//! Network printers: the job's bytes on a raw TCP connection, port 9100 by default
//! (the "JetDirect" or "RAW" port every Ethernet/Wi-Fi receipt printer opens).

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use super::PrinterError;

/// The raw printing port.
pub const DEFAULT_PORT: u16 = 9100;

/// How long a connection may take before the printer counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// How long the printer may refuse data (paper out, cover open) before the job fails.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long to wait, once the job is sent, for the printer to close its side.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

/// A printer at a network address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkPrinter {
    host: String,
    port: u16,
    connect_timeout: Duration,
    write_timeout: Duration,
}

impl NetworkPrinter {
    /// The printer at `address`: an IPv4 or IPv6 address or a host name, with an
    /// optional port (`192.168.1.50`, `192.168.1.50:9100`, `[fe80::1]:9100`,
    /// `caisse.local`). The name is looked up when a job is sent.
    pub fn new(address: &str) -> Result<NetworkPrinter, PrinterError> {
        let bad = || PrinterError::BadSetting(address.to_owned());
        let address = address.trim();
        let (host, port) = if let Ok(socket) = address.parse::<SocketAddr>() {
            (socket.ip().to_string(), socket.port())
        } else if let Ok(ip) = address.parse::<IpAddr>() {
            (ip.to_string(), DEFAULT_PORT)
        } else {
            let (host, port) = match address.rsplit_once(':') {
                Some((host, port)) => (host, port.parse::<u16>().map_err(|_| bad())?),
                None => (address, DEFAULT_PORT),
            };
            let name = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
            if host.is_empty() || !host.chars().all(name) {
                return Err(bad());
            }
            (host.to_owned(), port)
        };
        if port == 0 {
            return Err(bad());
        }
        Ok(NetworkPrinter {
            host,
            port,
            connect_timeout: CONNECT_TIMEOUT,
            write_timeout: WRITE_TIMEOUT,
        })
    }

    /// The same printer with other time limits.
    pub fn with_timeouts(mut self, connect: Duration, write: Duration) -> NetworkPrinter {
        self.connect_timeout = connect;
        self.write_timeout = write;
        self
    }

    /// `host:port` (`[v6]:port` for an IPv6 address), as errors show it.
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Sends a job: connects, writes every byte, closes the sending side and waits
    /// (briefly) for the printer to close its own, so that a printer that hangs up
    /// in the middle of the job is reported rather than taken for a success.
    pub fn send(&self, bytes: &[u8]) -> Result<(), PrinterError> {
        let mut stream = self.connect()?;
        let interrupted = || PrinterError::Interrupted(self.address());
        let failed = |error: std::io::Error| match error.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => PrinterError::Stalled(self.address()),
            _ => interrupted(),
        };
        stream
            .set_write_timeout(Some(self.write_timeout))
            .map_err(failed)?;
        stream.write_all(bytes).map_err(failed)?;
        stream.flush().map_err(failed)?;
        stream.shutdown(Shutdown::Write).map_err(failed)?;
        // The printer may answer status bytes; it closes once it has read the job. A
        // reset means that it dropped part of it. One that keeps the connection open
        // has had every byte (TCP acknowledged them): that is a success too.
        stream.set_read_timeout(Some(CLOSE_WAIT)).map_err(failed)?;
        let mut answer = [0u8; 256];
        let waiting = Instant::now();
        loop {
            match stream.read(&mut answer) {
                Ok(0) => return Ok(()),
                // Status bytes; a printer that keeps talking is not waited for forever.
                Ok(_) if waiting.elapsed() < CLOSE_WAIT => continue,
                Ok(_) => return Ok(()),
                Err(error) if error.kind() == ErrorKind::Interrupted => continue,
                Err(error)
                    if matches!(error.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) =>
                {
                    return Ok(())
                }
                Err(_) => return Err(interrupted()),
            }
        }
    }

    /// A connection to the first of the host's addresses that answers.
    fn connect(&self) -> Result<TcpStream, PrinterError> {
        let unreachable = || PrinterError::Unreachable(self.address());
        let addresses = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|_| unreachable())?;
        for address in addresses {
            if let Ok(stream) = TcpStream::connect_timeout(&address, self.connect_timeout) {
                return Ok(stream);
            }
        }
        Err(unreachable())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_port_is_9100() {
        assert_eq!(DEFAULT_PORT, 9100);
        let printer = NetworkPrinter::new("192.168.1.50").unwrap();
        assert_eq!(printer.port(), 9100);
        assert_eq!(printer.address(), "192.168.1.50:9100");
        assert_eq!(NetworkPrinter::new("caisse.local").unwrap().port(), 9100);
        assert_eq!(
            NetworkPrinter::new("fe80::1").unwrap().address(),
            "[fe80::1]:9100"
        );
    }

    #[test]
    fn an_address_may_name_its_port() {
        assert_eq!(
            NetworkPrinter::new("192.168.1.50:9101").unwrap().address(),
            "192.168.1.50:9101"
        );
        assert_eq!(
            NetworkPrinter::new("[::1]:9200").unwrap().address(),
            "[::1]:9200"
        );
        assert_eq!(
            NetworkPrinter::new(" caisse.local:9100 ")
                .unwrap()
                .address(),
            "caisse.local:9100"
        );
    }

    #[test]
    fn a_malformed_address_is_refused_in_french() {
        for address in [
            "",
            "192.168.1.50:",
            "192.168.1.50:99999",
            "a b",
            "x:0",
            "é.fr",
        ] {
            let error = NetworkPrinter::new(address).unwrap_err();
            assert_eq!(
                error,
                PrinterError::BadSetting(address.to_owned()),
                "{address}"
            );
        }
    }
}
