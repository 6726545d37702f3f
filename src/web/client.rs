//! Who a request comes from, for the per-client rate limits. Behind a reverse proxy every
//! request arrives from the proxy, so the client is read from `Forwarded` or
//! `X-Forwarded-For`, but only when the immediate peer is a proxy the settings trust: anybody
//! else could write any address there and escape their limit.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;

use crate::config::{ProxyHeader, TrustedProxies};

/// A forwarded hop is whatever the proxy wrote; a longer one is cut so a limiter key stays small.
const MAX_HOP_CHARS: usize = 64;

pub fn client_address(req: &HttpRequest, trusted: &TrustedProxies, header: ProxyHeader) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return String::new();
    };
    if !trusted.contains(peer) {
        return key(peer);
    }
    forwarded_client(req.headers(), trusted, header).unwrap_or_else(|| key(peer))
}

/// The limiter key of an address. One IPv6 host commonly holds a whole /64, so a client is its
/// /64; an IPv4 address written as IPv6 (`::ffff:a.b.c.d`) is the IPv4 address.
fn key(address: IpAddr) -> String {
    match address.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            let prefix = std::net::Ipv6Addr::new(
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                0,
                0,
                0,
                0,
            );
            format!("{prefix}/64")
        }
    }
}

/// The rightmost hop that is not a trusted proxy: each proxy appends the address it saw, so
/// everything left of that hop may have been written by the client itself. Only the header the
/// proxies write is read.
fn forwarded_client(
    headers: &HeaderMap,
    trusted: &TrustedProxies,
    header: ProxyHeader,
) -> Option<String> {
    let hops = match header {
        ProxyHeader::Forwarded => forwarded_hops(headers),
        ProxyHeader::XForwardedFor => x_forwarded_for_hops(headers),
    };
    let leftmost = hops.first().cloned();
    hops.into_iter()
        .rev()
        .find(|hop| {
            hop.parse::<IpAddr>()
                .map_or(true, |ip| !trusted.contains(ip))
        })
        .or(leftmost)
        .map(|hop| match hop.parse::<IpAddr>() {
            Ok(ip) => key(ip),
            Err(_) => hop.chars().take(MAX_HOP_CHARS).collect(),
        })
}

/// `Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"` (RFC 7239).
fn forwarded_hops(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| node_address(value.trim().trim_matches('"')))
            })
        })
        .collect()
}

fn x_forwarded_for_hops(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|hop| node_address(hop.trim()))
        .filter(|hop| !hop.is_empty())
        .collect()
}

/// `[2001:db8::17]:4711` → `2001:db8::17`, `192.0.2.60:80` → `192.0.2.60`; an address without
/// port, or an obfuscated name (`_proxy`, `unknown`), as it is.
fn node_address(node: &str) -> String {
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default().to_owned();
    }
    if node.parse::<IpAddr>().is_ok() {
        return node.to_owned();
    }
    match node.rsplit_once(':') {
        Some((host, _port)) if host.parse::<IpAddr>().is_ok() => host.to_owned(),
        _ => node.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn proxies(list: &str) -> TrustedProxies {
        TrustedProxies::try_from(list.to_owned()).unwrap()
    }

    fn from_peer(peer: &str) -> TestRequest {
        TestRequest::default().peer_addr(format!("{peer}:40000").parse().unwrap())
    }

    const X: ProxyHeader = ProxyHeader::XForwardedFor;
    const F: ProxyHeader = ProxyHeader::Forwarded;

    #[test]
    fn without_trusted_proxies_the_headers_are_ignored() {
        let req = from_peer("203.0.113.9")
            .insert_header(("X-Forwarded-For", "198.51.100.1"))
            .insert_header(("Forwarded", "for=198.51.100.2"))
            .to_http_request();
        assert_eq!(client_address(&req, &proxies(""), X), "203.0.113.9");
        assert_eq!(
            client_address(&req, &proxies("10.0.0.1"), F),
            "203.0.113.9",
            "a peer that is not a trusted proxy"
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_of_its_header_is_the_client() {
        let trusted = proxies("10.0.0.1, 10.1.0.0/16");
        let req = from_peer("10.0.0.1")
            .insert_header(("X-Forwarded-For", "1.1.1.1, 198.51.100.7, 10.1.2.3"))
            .to_http_request();
        assert_eq!(client_address(&req, &trusted, X), "198.51.100.7");
        let req = from_peer("10.0.0.1")
            .insert_header((
                "Forwarded",
                r#"for=1.1.1.1, for="[2001:db8::17]:4711";proto=https, for=10.1.0.5:80"#,
            ))
            .insert_header(("X-Forwarded-For", "198.51.100.7"))
            .to_http_request();
        assert_eq!(
            client_address(&req, &trusted, F),
            "2001:db8::/64",
            "an IPv6 client is its /64"
        );
        assert_eq!(
            client_address(&req, &trusted, X),
            "198.51.100.7",
            "the header the proxy does not write is the client's to forge, and ignored"
        );
        let req = from_peer("10.0.0.1").to_http_request();
        assert_eq!(
            client_address(&req, &trusted, X),
            "10.0.0.1",
            "no header: the proxy"
        );
    }

    #[test]
    fn an_ipv4_proxy_on_a_dual_stack_socket_is_trusted_and_ipv6_clients_share_their_64() {
        let trusted = proxies("10.0.0.1");
        let req = TestRequest::default()
            .peer_addr("[::ffff:10.0.0.1]:40000".parse().unwrap())
            .insert_header(("X-Forwarded-For", "198.51.100.7"))
            .to_http_request();
        assert_eq!(client_address(&req, &trusted, X), "198.51.100.7");
        let one = TestRequest::default()
            .peer_addr("[2001:db8:1:2::1]:40000".parse().unwrap())
            .to_http_request();
        let other = TestRequest::default()
            .peer_addr("[2001:db8:1:2:ffff::9]:40000".parse().unwrap())
            .to_http_request();
        assert_eq!(
            client_address(&one, &trusted, X),
            client_address(&other, &trusted, X)
        );
    }
}
