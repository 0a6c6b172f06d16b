---
[dependencies]
tokio = "1"
---
fn main() {
    let _ = std::io::stdout().flush();
}
