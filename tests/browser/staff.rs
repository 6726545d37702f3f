//! The staff main path in the browser.
