//! Chromium through WebDriver for the server's browser tests: Debian's
//! `chromium` and `chromium-driver` (which `.ci/run` installs), a headless
//! phone-sized window, and the few steps a person takes (type, tab, click, wait).
//!
//! Without the browser or the driver a test says so and passes, except under
//! `CI=true`, where it fails.
#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder, Locator, key::Key};
use serde_json::json;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::serve_support::PASSWORD;

/// A running chromedriver, killed on drop.
pub struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver, or says why the test is skipped (a failure under CI).
pub fn driver() -> Option<Driver> {
    let present =
        Path::new("/usr/bin/chromium").is_file() && Path::new("/usr/bin/chromedriver").is_file();
    if !present {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true: chromium and chromium-driver must be installed (.ci/run installs them)"
        );
        eprintln!("SKIPPED: chromium or chromedriver not installed");
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    })
}

pub async fn browser(driver: &Driver, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=390,844", format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a browser session")
}

/// Waits (up to 15 s) until `probe` returns `Some`.
pub async fn until<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text of the element `css` matches; the results panel is replaced after
/// each save, so an element found just before may be gone: look it up again.
pub async fn text_of(c: &Client, css: &str) -> String {
    until(css, || async {
        c.find(Locator::Css(css)).await.ok()?.text().await.ok()
    })
    .await
}

pub async fn type_into(c: &Client, css: &str, text: &str) {
    let field = c.find(Locator::Css(css)).await.expect(css);
    field.clear().await.expect("clear");
    field.send_keys(text).await.expect("typing");
    // Leaving the field is what commits the value (a change event).
    field
        .send_keys(&String::from(char::from(Key::Tab)))
        .await
        .expect("tab");
}

pub async fn log_in(c: &Client, base: &str, login: &str) {
    c.goto(&format!("{base}/dang-nhap"))
        .await
        .expect("login page");
    type_into(c, "#login", login).await;
    type_into(c, "#password", PASSWORD).await;
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    until("the home page", || async {
        (c.current_url().await.ok()?.path() == "/").then_some(())
    })
    .await;
}
