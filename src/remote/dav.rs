//! WebDAV and CalDAV (RFC 4918, 4791): the requests closeout makes and the multistatus XML that
//! comes back. Request bodies are fixed texts; answers are read with roxmltree, by namespace.

use super::{Address, Client, NetError, Reply};
use crate::msg::Msg;
use std::fmt;

const DAV: &str = "DAV:";
const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";

/// What a DAV request can end in besides success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DavError {
    Net(NetError),
    /// 401 or 403: the user name or password was refused.
    Auth {
        url: String,
        status: u16,
    },
    /// 404: nothing at that address.
    NotFound {
        url: String,
    },
    /// The server answers, but not as a WebDAV/CalDAV server.
    NotDav {
        url: String,
    },
    /// A calendar that takes no to-dos.
    EventsOnly {
        url: String,
    },
    /// Any other status.
    Status {
        method: String,
        url: String,
        status: u16,
    },
}

impl fmt::Display for DavError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = match self {
            DavError::Net(e) => return e.fmt(f),
            DavError::Auth { url, status } => Msg::RemoteAuth {
                url,
                status: *status,
            },
            DavError::NotFound { url } => Msg::RemoteNotFound { url },
            DavError::NotDav { url } => Msg::RemoteNotCaldav { url },
            DavError::EventsOnly { url } => Msg::RemoteEventsOnly { url },
            DavError::Status {
                method,
                url,
                status,
            } => Msg::RemoteStatus {
                method,
                url,
                status: *status,
            },
        };
        f.write_str(&said.to_string())
    }
}

impl std::error::Error for DavError {}

impl From<NetError> for DavError {
    fn from(e: NetError) -> Self {
        DavError::Net(e)
    }
}

/// One `<response>` of a multistatus: its href, its own status (a missing resource), and the
/// properties the server found (those in a 200 propstat).
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub href: String,
    pub status: Option<u16>,
    pub props: Vec<Prop>,
}

/// A property: its name, its text, the hrefs and child element names inside it, and the
/// `name` attributes of its children (for `<C:comp name="VTODO"/>`).
#[derive(Debug, Clone, Default)]
pub struct Prop {
    pub ns: String,
    pub name: String,
    pub text: String,
    pub hrefs: Vec<String>,
    pub children: Vec<(String, String)>,
    pub names: Vec<String>,
}

impl Entry {
    pub fn prop(&self, ns: &str, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.ns == ns && p.name == name)
    }

    fn is_calendar(&self) -> bool {
        self.prop(DAV, "resourcetype").is_some_and(|p| {
            p.children
                .iter()
                .any(|(n, l)| n == CALDAV && l == "calendar")
        })
    }

    /// A calendar that takes to-dos: its component set names VTODO, or it has none (then it
    /// takes every component).
    fn takes_todos(&self) -> bool {
        self.prop(CALDAV, "supported-calendar-component-set")
            .is_none_or(|p| p.names.is_empty() || p.names.iter().any(|n| n == "VTODO"))
    }

    fn first_href(&self, ns: &str, name: &str) -> Option<&str> {
        self.prop(ns, name)
            .and_then(|p| p.hrefs.first())
            .map(String::as_str)
    }
}

/// Reads a multistatus body; None when it is not one.
pub fn multistatus(body: &str) -> Option<Vec<Entry>> {
    let doc = roxmltree::Document::parse(body).ok()?;
    let root = doc.root_element();
    if !is(root, DAV, "multistatus") {
        return None;
    }
    let mut entries = Vec::new();
    for response in root.children().filter(|n| is(*n, DAV, "response")) {
        let mut entry = Entry::default();
        for child in response.children().filter(|n| n.is_element()) {
            if is(child, DAV, "href") {
                entry.href = text(child).trim().to_string();
            } else if is(child, DAV, "status") {
                entry.status = status_code(&text(child));
            } else if is(child, DAV, "propstat") {
                let ok = child
                    .children()
                    .find(|n| is(*n, DAV, "status"))
                    .and_then(|n| status_code(&text(n)))
                    .is_some_and(|s| (200..300).contains(&s));
                if !ok {
                    continue;
                }
                for prop in child.children().filter(|n| is(*n, DAV, "prop")) {
                    for p in prop.children().filter(|n| n.is_element()) {
                        entry.props.push(read_prop(p));
                    }
                }
            }
        }
        entries.push(entry);
    }
    Some(entries)
}

fn read_prop(p: roxmltree::Node) -> Prop {
    let mut prop = Prop {
        ns: p.tag_name().namespace().unwrap_or_default().to_string(),
        name: p.tag_name().name().to_string(),
        text: text(p),
        ..Prop::default()
    };
    for c in p.children().filter(|n| n.is_element()) {
        prop.children.push((
            c.tag_name().namespace().unwrap_or_default().to_string(),
            c.tag_name().name().to_string(),
        ));
        if is(c, DAV, "href") {
            prop.hrefs.push(text(c).trim().to_string());
        }
        if let Some(name) = c.attribute("name") {
            prop.names.push(name.to_ascii_uppercase());
        }
    }
    prop
}

fn is(node: roxmltree::Node, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}

/// The text inside an element, CDATA included.
fn text(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// `HTTP/1.1 404 Not Found` → 404.
fn status_code(line: &str) -> Option<u16> {
    line.split_whitespace().nth(1)?.parse().ok()
}

const PROBE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:resourcetype/>
    <D:displayname/>
    <D:current-user-principal/>
    <C:calendar-home-set/>
    <C:supported-calendar-component-set/>
  </D:prop>
</D:propfind>"#;

const LIST_TODOS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:getetag/>
    <C:calendar-data/>
  </D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VTODO"/>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>"#;

const MKCALENDAR: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set>
    <D:prop>
      <D:displayname>closeout</D:displayname>
      <C:supported-calendar-component-set>
        <C:comp name="VTODO"/>
      </C:supported-calendar-component-set>
    </D:prop>
  </D:set>
</C:mkcalendar>"#;

/// A task list found on a server: its address and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskList {
    pub url: String,
    pub name: String,
}

/// What an address turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A collection that takes to-dos.
    TaskList(String),
    /// A server or principal address: the user's calendar home and the task lists in it.
    Home { home: String, lists: Vec<TaskList> },
}

/// Statuses that mean "not you" or "nothing here", as errors; 207 is the answer wanted.
fn refused(method: &str, url: &str, reply: &Reply) -> Option<DavError> {
    match reply.status {
        401 | 403 => Some(DavError::Auth {
            url: url.to_string(),
            status: reply.status,
        }),
        404 | 410 => Some(DavError::NotFound {
            url: url.to_string(),
        }),
        207 => None,
        s if (200..300).contains(&s) => None,
        405 | 501 => Some(DavError::NotDav {
            url: url.to_string(),
        }),
        status => Some(DavError::Status {
            method: method.to_string(),
            url: url.to_string(),
            status,
        }),
    }
}

/// PROPFIND with the probe's properties, following up to three redirects (a server address
/// often redirects, `/.well-known/caldav` always does).
fn propfind(client: &Client, url: &str, depth: &str) -> Result<(String, Vec<Entry>), DavError> {
    let mut url = url.to_string();
    for _ in 0..4 {
        let reply = client.send("PROPFIND", &url, &[("Depth", depth)], Some(PROBE))?;
        if matches!(reply.status, 301 | 302 | 303 | 307 | 308)
            && let (Some(to), Some(here)) = (&reply.location, Address::parse(&url))
        {
            url = here.join(to);
            continue;
        }
        if let Some(e) = refused("PROPFIND", &url, &reply) {
            return Err(e);
        }
        let entries =
            multistatus(&reply.body).ok_or_else(|| DavError::NotDav { url: url.clone() })?;
        return Ok((url, entries));
    }
    Err(DavError::NotDav { url })
}

/// The entry a Depth 0 PROPFIND gives for `url` itself; a 404 inside the multistatus (some
/// servers answer 207 for a missing resource) is a 404.
fn own_entry(url: &str, entries: Vec<Entry>) -> Result<Entry, DavError> {
    let entry = entries.into_iter().next().ok_or_else(|| DavError::NotDav {
        url: url.to_string(),
    })?;
    if matches!(entry.status, Some(404 | 410)) {
        return Err(DavError::NotFound {
            url: url.to_string(),
        });
    }
    Ok(entry)
}

/// Finds out what `url` is: a task list, a calendar of events only (an error), or an address
/// from which the user's calendar home and its task lists can be found (RFC 4791 section 6.2.1,
/// RFC 5397).
pub fn discover(client: &Client, url: &str) -> Result<Found, DavError> {
    let (url, entries) = match propfind(client, url, "0") {
        // A server's bare address that is a web page: RFC 6764 names where CalDAV starts.
        Err(DavError::NotDav { .. } | DavError::NotFound { .. })
            if Address::parse(url).is_some_and(|a| a.path == "/") =>
        {
            let origin = Address::parse(url).map(|a| a.origin()).unwrap_or_default();
            propfind(client, &format!("{origin}/.well-known/caldav"), "0").map_err(|e| match e {
                DavError::NotDav { .. } | DavError::NotFound { .. } => DavError::NotDav {
                    url: url.to_string(),
                },
                e => e,
            })?
        }
        found => found?,
    };
    let here = Address::parse(&url).ok_or_else(|| DavError::NotDav { url: url.clone() })?;
    let entry = own_entry(&url, entries)?;
    if entry.is_calendar() {
        return if entry.takes_todos() {
            Ok(Found::TaskList(url))
        } else {
            Err(DavError::EventsOnly { url })
        };
    }
    let home = match entry.first_href(CALDAV, "calendar-home-set") {
        Some(home) => here.join(home),
        None => {
            let principal = entry
                .first_href(DAV, "current-user-principal")
                .ok_or_else(|| DavError::NotDav { url: url.clone() })?;
            let principal = here.join(principal);
            let (principal, entries) = propfind(client, &principal, "0")?;
            let entry = own_entry(&principal, entries)?;
            let home = entry
                .first_href(CALDAV, "calendar-home-set")
                .ok_or_else(|| DavError::NotDav { url: url.clone() })?;
            here.join(home)
        }
    };
    let lists = task_lists(client, &home)?;
    Ok(Found::Home { home, lists })
}

/// The calendars in `home` that take to-dos.
pub fn task_lists(client: &Client, home: &str) -> Result<Vec<TaskList>, DavError> {
    let (home, entries) = propfind(client, home, "1")?;
    let here = Address::parse(&home).ok_or_else(|| DavError::NotDav { url: home.clone() })?;
    let mut lists: Vec<TaskList> = entries
        .iter()
        .filter(|e| e.is_calendar() && e.takes_todos())
        .map(|e| {
            let url = here.join(&e.href);
            let name = e
                .prop(DAV, "displayname")
                .map(|p| p.text.trim().to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| {
                    url.trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_string()
                });
            TaskList { url, name }
        })
        .collect();
    lists.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(lists)
}

/// Makes a task list named `closeout` in `home` (MKCALENDAR, RFC 4791 section 5.3.1) and
/// returns its address. One that exists already is used if it takes to-dos.
pub fn create_task_list(client: &Client, home: &str) -> Result<Created, DavError> {
    let home = if home.ends_with('/') {
        home.to_string()
    } else {
        format!("{home}/")
    };
    let url = format!("{home}closeout/");
    let reply = client.send("MKCALENDAR", &url, &[], Some(MKCALENDAR))?;
    match reply.status {
        201 => Ok(Created::Made(url)),
        // Taken already: whatever is there must be a task list.
        405 | 409 => match discover(client, &url)? {
            Found::TaskList(url) => Ok(Created::There(url)),
            Found::Home { .. } => Err(DavError::NotDav { url }),
        },
        _ => Err(
            refused("MKCALENDAR", &url, &reply).unwrap_or(DavError::Status {
                method: "MKCALENDAR".into(),
                url,
                status: reply.status,
            }),
        ),
    }
}

/// What `create_task_list` found: the list it made, or the one that was there already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Created {
    Made(String),
    There(String),
}

/// A to-do resource on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The path on the server.
    pub href: String,
    pub etag: Option<String>,
    pub data: String,
}

/// Every to-do in the collection, with its ETag and text (calendar-query, RFC 4791 7.8).
pub fn list_todos(client: &Client, collection: &str) -> Result<Vec<Item>, DavError> {
    let reply = client.send("REPORT", collection, &[("Depth", "1")], Some(LIST_TODOS))?;
    items(collection, "REPORT", &reply)
}

/// What changed in a collection since a sync token (RFC 6578): the members changed or added,
/// with their ETags, the members removed, and the token to ask from next time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub token: String,
    pub changed: Vec<(String, Option<String>)>,
    pub removed: Vec<String>,
}

/// `sync-collection` from `token` (None: from the start, every member). None when the server
/// does not keep sync tokens or no longer knows this one: then the caller reads everything.
pub fn sync_collection(
    client: &Client,
    collection: &str,
    token: Option<&str>,
) -> Result<Option<Changes>, DavError> {
    let body = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<D:sync-collection xmlns:D="DAV:">
  <D:sync-token>{}</D:sync-token>
  <D:sync-level>1</D:sync-level>
  <D:prop>
    <D:getetag/>
  </D:prop>
</D:sync-collection>"#,
        escape(token.unwrap_or_default())
    );
    let reply = client.send("REPORT", collection, &[], Some(&body))?;
    match reply.status {
        401 => {
            return Err(DavError::Auth {
                url: collection.to_string(),
                status: reply.status,
            });
        }
        404 | 410 => {
            return Err(DavError::NotFound {
                url: collection.to_string(),
            });
        }
        207 => {}
        // Not supported, or a token the server has forgotten (403 valid-sync-token).
        _ => return Ok(None),
    }
    let Ok(doc) = roxmltree::Document::parse(&reply.body) else {
        return Ok(None);
    };
    let Some(token) = doc
        .root_element()
        .children()
        .find(|n| is(*n, DAV, "sync-token"))
        .map(|n| text(n).trim().to_string())
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let mut changes = Changes {
        token,
        ..Changes::default()
    };
    for e in multistatus(&reply.body).unwrap_or_default() {
        let href = Address::path_of(&e.href);
        if matches!(e.status, Some(404 | 410)) {
            changes.removed.push(href);
        } else if let Some(etag) = e.prop(DAV, "getetag") {
            changes
                .changed
                .push((href, Some(etag.text.trim().to_string())));
        }
    }
    Ok(Some(changes))
}

/// The to-dos at these hrefs, in one request (calendar-multiget, RFC 4791 7.9).
pub fn multiget(
    client: &Client,
    collection: &str,
    hrefs: &[String],
) -> Result<Vec<Item>, DavError> {
    if hrefs.is_empty() {
        return Ok(Vec::new());
    }
    let listed: String = hrefs
        .iter()
        .map(|h| format!("  <D:href>{}</D:href>\n", escape(h)))
        .collect();
    let body = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:getetag/>
    <C:calendar-data/>
  </D:prop>
{listed}</C:calendar-multiget>"#
    );
    let reply = client.send("REPORT", collection, &[("Depth", "1")], Some(&body))?;
    items(collection, "REPORT", &reply)
}

/// The items of a calendar-query or calendar-multiget answer.
fn items(collection: &str, method: &str, reply: &Reply) -> Result<Vec<Item>, DavError> {
    if let Some(e) = refused(method, collection, reply) {
        return Err(e);
    }
    let entries = multistatus(&reply.body).ok_or_else(|| DavError::NotDav {
        url: collection.to_string(),
    })?;
    Ok(entries
        .into_iter()
        .filter(|e| !matches!(e.status, Some(404 | 410)))
        .filter_map(|e| {
            let data = e.prop(CALDAV, "calendar-data")?.text.clone();
            let etag = e.prop(DAV, "getetag").map(|p| p.text.trim().to_string());
            Some(Item {
                href: Address::path_of(&e.href),
                etag,
                data,
            })
        })
        .collect())
}

/// Text for an XML element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One resource, or None when it is gone.
pub fn get(client: &Client, url: &str) -> Result<Option<Item>, DavError> {
    let reply = client.send("GET", url, &[], None)?;
    if matches!(reply.status, 404 | 410) {
        return Ok(None);
    }
    if let Some(e) = refused("GET", url, &reply) {
        return Err(e);
    }
    Ok(Some(Item {
        href: Address::path_of(url),
        etag: reply.etag,
        data: reply.body,
    }))
}

/// What a conditional write expects to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect<'a> {
    /// Nothing there yet (`If-None-Match: *`).
    Nothing,
    /// The version with this ETag (`If-Match`).
    Version(&'a str),
}

/// How a conditional write ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Stored; the new ETag when the server said it.
    Stored(Option<String>),
    /// 412: the resource is not what was expected (someone else wrote it).
    Changed,
}

/// PUT of a calendar object, never over another client's write.
pub fn put(client: &Client, url: &str, data: &str, expect: Expect) -> Result<Written, DavError> {
    let condition = match expect {
        Expect::Nothing => ("If-None-Match", "*"),
        Expect::Version(etag) => ("If-Match", etag),
    };
    let reply = client.send(
        "PUT",
        url,
        &[("Content-Type", "text/calendar; charset=utf-8"), condition],
        Some(data),
    )?;
    if reply.status == 412 {
        return Ok(Written::Changed);
    }
    if let Some(e) = refused("PUT", url, &reply) {
        return Err(e);
    }
    Ok(Written::Stored(reply.etag))
}

/// DELETE of a resource in the version `etag` (any version without one); gone already is fine.
pub fn delete(client: &Client, url: &str, etag: Option<&str>) -> Result<Written, DavError> {
    let headers: Vec<(&str, &str)> = etag.map(|e| ("If-Match", e)).into_iter().collect();
    let reply = client.send("DELETE", url, &headers, None)?;
    match reply.status {
        412 => Ok(Written::Changed),
        404 | 410 => Ok(Written::Stored(None)),
        _ => match refused("DELETE", url, &reply) {
            Some(e) => Err(e),
            None => Ok(Written::Stored(None)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_multistatus_with_prefixes_of_its_own() {
        let body = r#"<ns0:multistatus xmlns:ns0="DAV:" xmlns:ns1="urn:ietf:params:xml:ns:caldav"><ns0:response><ns0:href>/user/calendars/tasks/</ns0:href><ns0:propstat><ns0:status>HTTP/1.1 200 OK</ns0:status><ns0:prop><ns0:resourcetype><ns0:collection /><ns1:calendar /></ns0:resourcetype><ns1:supported-calendar-component-set><ns1:comp name="VTODO" /></ns1:supported-calendar-component-set><ns0:displayname>tasks</ns0:displayname></ns0:prop></ns0:propstat><ns0:propstat><ns0:status>HTTP/1.1 404 Not Found</ns0:status><ns0:prop><ns1:calendar-home-set /></ns0:prop></ns0:propstat></ns0:response></ns0:multistatus>"#;
        let entries = multistatus(body).expect("multistatus");
        assert_eq!(entries.len(), 1);
        let e = &entries[0];
        assert_eq!(e.href, "/user/calendars/tasks/");
        assert!(e.is_calendar() && e.takes_todos());
        assert!(
            e.prop(CALDAV, "calendar-home-set").is_none(),
            "a 404 propstat is not a value"
        );
        assert_eq!(e.prop(DAV, "displayname").expect("name").text, "tasks");
    }

    #[test]
    fn an_events_only_calendar_takes_no_todos() {
        let body = r#"<?xml version='1.0'?><multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>/a/cal/</href><propstat><prop><resourcetype><C:calendar/><collection/></resourcetype><C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;
        let e = &multistatus(body).expect("multistatus")[0];
        assert!(e.is_calendar());
        assert!(!e.takes_todos());
    }

    #[test]
    fn html_is_not_a_multistatus() {
        assert!(multistatus("<html><body>hello</body></html>").is_none());
        assert!(multistatus("not xml at all").is_none());
    }
}
