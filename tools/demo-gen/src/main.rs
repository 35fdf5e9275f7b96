//! `pleno-demo-gen`: writes assets/demo/referensi.xlsx and assets/demo/hasil.xlsx for the
//! fictional Kecamatan Sukamaju, and the empty templates in assets/templates/. Deterministic:
//! running it again gives the same figures.

use std::path::PathBuf;

use pleno_demo_gen::{model, write};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut args = std::env::args().skip(1);
    let out = match (args.next().as_deref(), args.next()) {
        (Some("--out"), Some(dir)) => PathBuf::from(dir),
        (None, _) => root.join("assets/demo"),
        _ => anyhow::bail!("pemakaian: pleno-demo-gen [--out FOLDER]"),
    };
    std::fs::create_dir_all(&out)?;
    let out = out.canonicalize()?;
    let demo = model::build()?;
    write::reference(&demo.election, &out.join("referensi.xlsx"))?;
    write::figures(&demo, &out.join("hasil.xlsx"))?;
    // The templates are the demo cut down to one desa with two TPS: real headers and a few
    // example rows that show the expected formats.
    let templates = root.join("assets/templates");
    std::fs::create_dir_all(&templates)?;
    let small = model::sample(&demo);
    write::reference(&small.election, &templates.join("referensi.xlsx"))?;
    write::figures(&small, &templates.join("hasil.xlsx"))?;
    println!(
        "demo: {} desa, {} TPS, {} formulir, {} difoto, {} kasus tertanam → {}",
        demo.election.kecamatan.desa.len(),
        demo.election.kecamatan.tps_count(),
        demo.forms.len(),
        demo.photographed.len(),
        demo.plants.len(),
        out.display()
    );
    Ok(())
}
