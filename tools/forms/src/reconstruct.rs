use std::path::Path;
pub fn write_all(_dir: &Path) -> anyhow::Result<()> {
    Ok(())
}
