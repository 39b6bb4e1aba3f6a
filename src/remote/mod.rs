//! The only code that opens sockets: HTTP with timeouts and Basic auth, and the WebDAV/CalDAV
//! requests closeout makes (`dav`), with their XML.
//!
//! ureq 3 (blocking, rustls with the platform's trust roots or `SSL_CERT_FILE`) fits a program
//! that does one thing at a time; nothing here knows about cases or steps.

pub mod dav;

use std::fmt;
use std::time::Duration;

/// How long to wait for a connection, and for a whole request.
const CONNECT: Duration = Duration::from_secs(10);
const WHOLE: Duration = Duration::from_secs(60);
/// The largest answer read (a listing of a large task list fits many times over).
const BODY_LIMIT: u64 = 64 * 1024 * 1024;

/// What went wrong before an answer came back, said so that a user can act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetError {
    /// No connection: no network, a wrong host name, or no server listening.
    Unreachable { host: String, why: Unreachable },
    /// The server's certificate is not one the trust roots vouch for.
    Certificate { host: String, detail: String },
    /// The server did not answer in time.
    Timeout { host: String },
    /// The address cannot be used as given.
    BadAddress { url: String },
    /// Anything else on the wire.
    Other { host: String, detail: String },
}

/// Why no connection was made, said in the user's words rather than the system's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    /// Nothing listens on that port.
    Refused,
    /// The host name does not resolve.
    NoSuchHost,
    /// No route to the network or the host.
    NoRoute,
    /// The connection was reset or closed midway.
    Cut,
    /// The connection failed for a reason the system does not say.
    Unknown,
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::msg::Msg;
        let said = match self {
            NetError::Unreachable { host, why } => match why {
                Unreachable::Refused => Msg::RemoteRefused { host },
                Unreachable::NoSuchHost => Msg::RemoteNoSuchHost { host },
                Unreachable::NoRoute => Msg::RemoteNoRoute { host },
                Unreachable::Cut => Msg::RemoteCut { host },
                Unreachable::Unknown => Msg::RemoteUnreachable { host },
            },
            NetError::Certificate { host, detail } => Msg::RemoteCertificate { host, detail },
            NetError::Timeout { host } => Msg::RemoteTimeout { host },
            NetError::BadAddress { url } => Msg::RemoteBadUrl { url },
            NetError::Other { host, detail } => Msg::RemoteTrouble { host, detail },
        };
        f.write_str(&said.to_string())
    }
}

impl std::error::Error for NetError {}

/// An answer: its status, ETag, whether it says it speaks DAV, and its body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub etag: Option<String>,
    /// A `Location` header (redirects).
    pub location: Option<String>,
    /// The `DAV` header names calendar-access (RFC 4791, section 5.1).
    pub calendar_access: bool,
    pub body: String,
}

impl Reply {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// An address split where closeout needs it: `scheme://authority` and the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub scheme: String,
    pub authority: String,
    pub path: String,
}

impl Address {
    /// Reads an `http://` or `https://` address; the path defaults to `/`.
    pub fn parse(url: &str) -> Option<Address> {
        let (scheme, rest) = url.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if authority.is_empty() || authority.contains(['@', ' ', '?', '#']) {
            return None;
        }
        Some(Address {
            scheme,
            authority: authority.to_string(),
            path: path.to_string(),
        })
    }

    /// The host without port or brackets.
    pub fn host(&self) -> &str {
        let a = self.authority.as_str();
        if let Some(rest) = a.strip_prefix('[') {
            return rest.split(']').next().unwrap_or(rest);
        }
        a.rsplit_once(':').map_or(a, |(h, _)| h)
    }

    /// The host and the port, the scheme's own when the address gives none: `127.0.0.1:9`.
    pub fn host_port(&self) -> String {
        let a = self.authority.as_str();
        let has_port = match a.strip_prefix('[') {
            Some(rest) => rest
                .split_once(']')
                .is_some_and(|(_, p)| p.starts_with(':')),
            None => a.contains(':'),
        };
        if has_port {
            a.to_string()
        } else {
            let port = if self.scheme == "https" { 443 } else { 80 };
            format!("{a}:{port}")
        }
    }

    /// Whether the host is this machine: 127.0.0.0/8, ::1 or localhost.
    pub fn is_loopback(&self) -> bool {
        let host = self.host();
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    pub fn url(&self) -> String {
        format!("{}{}", self.origin(), self.path)
    }

    /// An href from a server (an absolute path or a whole URL) as a whole URL on this server.
    pub fn join(&self, href: &str) -> String {
        if href.starts_with("http://") || href.starts_with("https://") {
            href.to_string()
        } else if href.starts_with('/') {
            format!("{}{href}", self.origin())
        } else {
            let dir = self.path.rsplit_once('/').map_or("", |(d, _)| d);
            format!("{}{dir}/{href}", self.origin())
        }
    }

    /// The path part of an href, for comparing hrefs that servers write in either form.
    pub fn path_of(href: &str) -> String {
        match Address::parse(href) {
            Some(a) => a.path,
            None => href.to_string(),
        }
    }
}

/// One HTTP client for one server and one user.
pub struct Client {
    agent: ureq::Agent,
    authorization: Option<String>,
}

impl Client {
    /// `login`: a user name and password, sent with every request (Basic auth).
    pub fn new(login: Option<(&str, &str)>) -> Client {
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .max_redirects(0)
            .timeout_connect(Some(CONNECT))
            .timeout_global(Some(WHOLE))
            .user_agent(concat!("closeout/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls)
            .build()
            .new_agent();
        let authorization = login.map(|(user, password)| {
            format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
        });
        Client {
            agent,
            authorization,
        }
    }

    /// Sends one request and reads the whole answer, whatever its status.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply, NetError> {
        let address = Address::parse(url).ok_or_else(|| NetError::BadAddress {
            url: url.to_string(),
        })?;
        let mut builder = http_request(method, url);
        if let Some(auth) = &self.authorization {
            builder = builder.header("Authorization", auth);
        }
        if body.is_some()
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            builder = builder.header("Content-Type", "application/xml; charset=utf-8");
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let result = match body {
            Some(text) => builder
                .body(text.as_bytes().to_vec())
                .map(|r| self.agent.run(r)),
            None => builder.body(()).map(|r| self.agent.run(r)),
        };
        let mut response = match result {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => return Err(classify(&address, e)),
            Err(_) => {
                return Err(NetError::BadAddress {
                    url: url.to_string(),
                });
            }
        };
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let etag = header("etag");
        let location = header("location");
        let calendar_access = response
            .headers()
            .get_all("dav")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(',').any(|t| t.trim() == "calendar-access"));
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_string()
            .map_err(|e| classify(&address, e))?;
        Ok(Reply {
            status,
            etag,
            location,
            calendar_access,
            body,
        })
    }
}

fn http_request(method: &str, url: &str) -> ureq::http::request::Builder {
    ureq::http::Request::builder().method(method).uri(url)
}

/// Sorts a transport failure into what the user can do about it. No connection names the host
/// with its port, which is often what is wrong.
fn classify(address: &Address, e: ureq::Error) -> NetError {
    let host = address.host().to_string();
    let detail = e.to_string();
    let unreachable = |why| NetError::Unreachable {
        host: address.host_port(),
        why,
    };
    match e {
        ureq::Error::Timeout(_) => NetError::Timeout { host },
        ureq::Error::HostNotFound => unreachable(Unreachable::NoSuchHost),
        ureq::Error::ConnectionFailed => unreachable(Unreachable::Unknown),
        ureq::Error::Io(io) if is_unreachable(io.kind()) => unreachable(unreachable_why(io.kind())),
        // rustls reports a certificate it cannot verify inside an I/O error.
        _ if detail.to_ascii_lowercase().contains("certificate") => {
            NetError::Certificate { host, detail }
        }
        _ => NetError::Other { host, detail },
    }
}

fn unreachable_why(kind: std::io::ErrorKind) -> Unreachable {
    use std::io::ErrorKind::*;
    match kind {
        ConnectionRefused => Unreachable::Refused,
        NetworkUnreachable | HostUnreachable | AddrNotAvailable => Unreachable::NoRoute,
        ConnectionReset | ConnectionAborted | NotConnected | UnexpectedEof | BrokenPipe => {
            Unreachable::Cut
        }
        _ => Unreachable::Unknown,
    }
}

fn is_unreachable(kind: std::io::ErrorKind) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        kind,
        ConnectionRefused
            | ConnectionReset
            | ConnectionAborted
            | NotConnected
            | AddrNotAvailable
            | NetworkUnreachable
            | HostUnreachable
            | UnexpectedEof
            | BrokenPipe
    )
}

/// Standard base64 with padding (RFC 4648), for the Basic auth header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::empty("", "")]
    #[case::one("f", "Zg==")]
    #[case::two("fo", "Zm8=")]
    #[case::three("foo", "Zm9v")]
    #[case::login("alice:s3cret", "YWxpY2U6czNjcmV0")]
    #[case::utf8("李雷:密码", "5p2O6Zu3OuWvhueggQ==")]
    fn encodes_base64(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(base64(input.as_bytes()), expected);
    }

    #[rstest]
    #[case::ipv4("http://127.0.0.1:5232/", true)]
    #[case::ipv4_range("http://127.3.4.5/", true)]
    #[case::ipv6("http://[::1]:8080/dav/", true)]
    #[case::name("http://localhost/", true)]
    #[case::public("http://dav.example.org/", false)]
    #[case::tricky("http://127.0.0.1.example.org/", false)]
    fn knows_loopback(#[case] url: &str, #[case] loopback: bool) {
        assert_eq!(Address::parse(url).expect("url").is_loopback(), loopback);
    }

    #[rstest]
    #[case::port("http://127.0.0.1:9/", "127.0.0.1:9")]
    #[case::http("http://localhost/dav/", "localhost:80")]
    #[case::https("https://dav.example.org/", "dav.example.org:443")]
    #[case::ipv6_port("http://[::1]:8080/", "[::1]:8080")]
    #[case::ipv6("https://[::1]/", "[::1]:443")]
    fn names_the_host_with_its_port(#[case] url: &str, #[case] expected: &str) {
        assert_eq!(Address::parse(url).expect("url").host_port(), expected);
    }

    #[test]
    fn a_refused_connection_is_said_without_the_systems_words() {
        let err = NetError::Unreachable {
            host: "127.0.0.1:9".into(),
            why: unreachable_why(std::io::ErrorKind::ConnectionRefused),
        };
        assert_eq!(
            err.to_string(),
            "cannot reach 127.0.0.1:9: connection refused — is the server running?"
        );
        let zh = crate::i18n::Lang::Zh.speaking(|| err.to_string());
        assert_eq!(zh, "无法连接 127.0.0.1:9：连接被拒绝；请确认服务器正在运行");
    }

    #[test]
    fn joins_hrefs_in_every_form() {
        let a = Address::parse("https://dav.example.org/alice/tasks/").expect("url");
        assert_eq!(a.path, "/alice/tasks/");
        assert_eq!(
            a.join("/alice/x.ics"),
            "https://dav.example.org/alice/x.ics"
        );
        assert_eq!(a.join("x.ics"), "https://dav.example.org/alice/tasks/x.ics");
        assert_eq!(a.join("http://other/y"), "http://other/y");
        assert_eq!(Address::path_of("https://h:1/a/b"), "/a/b");
        assert!(Address::parse("ftp://x/").is_none());
        assert!(Address::parse("https://user@x/").is_none());
        assert_eq!(Address::parse("https://x").expect("url").path, "/");
    }
}
