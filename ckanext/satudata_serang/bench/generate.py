"""Realistic synthetic datasets of Kota Serang's OPDs for the search benchmark.

Pure logic: no CKAN imports. Dataset ``i`` depends only on ``(seed, i)``, so a run that
loads 10,000 and then grows to 100,000 sees the same first 10,000 datasets every time.
Tags follow a Zipf-like distribution over a vocabulary of about 150 words: the first
few match a large share of datasets (8–50 %), the tail is rare, as on real portals.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

NAME_MAX_LENGTH = 100
INDEX_SUFFIX = re.compile(r"-(\d{6})$")
_ID_NAMESPACE = uuid.UUID("6f1d6c2e-3b57-4c58-9a53-5ad0a1f0b3e1")
FIRST_DAY = datetime(2015, 1, 1)
LAST_DAY = datetime(2026, 11, 1)
PRIVATE_SHARE = 0.10

KECAMATAN = ("Serang", "Kasemen", "Walantaka", "Curug", "Cipocok Jaya", "Taktakan")


@dataclass(frozen=True)
class Opd:
    """An organisation that publishes datasets (its CKAN name is the lower-case acronym)."""

    name: str
    title: str
    topics: tuple[str, ...]
    weight: int


@dataclass(frozen=True)
class Subject:
    text: str
    ukuran: str
    satuan: str


@dataclass(frozen=True)
class SyntheticResource:
    id: str
    name: str
    description: str
    format: str
    url: str
    position: int


@dataclass(frozen=True)
class SyntheticDataset:
    index: int
    id: str
    name: str
    title: str
    notes: str
    organization: str
    license_id: str
    private: bool
    created: datetime
    modified: datetime
    tags: tuple[str, ...]
    topik: str
    frekuensi: str
    tahun_mulai: int
    tahun_selesai: int
    ukuran: str
    satuan: str
    resources: tuple[SyntheticResource, ...]


def _subjects(*rows: tuple[str, str, str]) -> tuple[Subject, ...]:
    return tuple(Subject(*row) for row in rows)


SUBJECTS: dict[str, tuple[Subject, ...]] = {
    "kesehatan": _subjects(
        ("puskesmas", "jumlah", "unit"),
        ("tenaga kesehatan", "jumlah", "orang"),
        ("kasus DBD", "jumlah", "kasus"),
        ("cakupan imunisasi dasar lengkap", "persentase", "persen"),
        ("balita stunting", "jumlah", "balita"),
        ("ibu hamil", "jumlah", "orang"),
        ("kematian bayi", "jumlah", "jiwa"),
        ("kasus TBC", "jumlah", "kasus"),
        ("peserta BPJS Kesehatan", "jumlah", "jiwa"),
        ("posyandu aktif", "jumlah", "unit"),
        ("kunjungan rawat jalan rumah sakit", "jumlah", "kunjungan"),
        ("apotek dan toko obat", "jumlah", "unit"),
    ),
    "pendidikan": _subjects(
        ("sekolah dasar", "jumlah", "unit"),
        ("sekolah menengah pertama", "jumlah", "unit"),
        ("murid sekolah dasar", "jumlah", "orang"),
        ("guru", "jumlah", "orang"),
        ("lembaga PAUD", "jumlah", "unit"),
        ("angka partisipasi sekolah", "persentase", "persen"),
        ("anak putus sekolah", "jumlah", "orang"),
        ("ruang kelas rusak", "jumlah", "ruang"),
        ("penerima beasiswa", "jumlah", "orang"),
    ),
    "kependudukan": _subjects(
        ("penduduk", "jumlah", "jiwa"),
        ("kepala keluarga", "jumlah", "KK"),
        ("kelahiran", "jumlah", "jiwa"),
        ("penduduk pindah datang", "jumlah", "jiwa"),
        ("perekaman KTP elektronik", "jumlah", "dokumen"),
        ("akta kelahiran terbit", "jumlah", "dokumen"),
        ("kepadatan penduduk", "rasio", "jiwa/km2"),
        ("peserta KB aktif", "jumlah", "orang"),
    ),
    "sosial": _subjects(
        ("penerima bansos", "jumlah", "KPM"),
        ("penyandang disabilitas", "jumlah", "orang"),
        ("lansia terlantar", "jumlah", "orang"),
        ("penerima PKH", "jumlah", "KPM"),
        ("rumah tidak layak huni", "jumlah", "unit"),
        ("kasus kekerasan terhadap anak", "jumlah", "kasus"),
        ("penduduk miskin", "jumlah", "jiwa"),
    ),
    "ekonomi": _subjects(
        ("UMKM", "jumlah", "unit"),
        ("koperasi aktif", "jumlah", "unit"),
        ("realisasi pajak hotel", "jumlah", "rupiah"),
        ("realisasi pajak restoran", "jumlah", "rupiah"),
        ("retribusi parkir", "jumlah", "rupiah"),
        ("pedagang pasar tradisional", "jumlah", "orang"),
        ("nilai investasi", "jumlah", "rupiah"),
        ("pencari kerja terdaftar", "jumlah", "orang"),
        ("harga bahan pokok", "rata-rata", "rupiah/kg"),
        ("produksi padi", "jumlah", "ton"),
        ("industri kecil menengah", "jumlah", "unit"),
        ("kunjungan wisatawan", "jumlah", "orang"),
    ),
    "infrastruktur": _subjects(
        ("jalan rusak", "panjang", "km"),
        ("panjang jalan kota", "panjang", "km"),
        ("jembatan", "jumlah", "unit"),
        ("saluran drainase", "panjang", "meter"),
        ("lampu penerangan jalan umum", "jumlah", "titik"),
        ("kendaraan bermotor", "jumlah", "unit"),
        ("trayek angkutan umum", "jumlah", "trayek"),
        ("rumah susun sederhana sewa", "jumlah", "unit"),
        ("sambungan air bersih", "jumlah", "sambungan"),
    ),
    "lingkungan": _subjects(
        ("timbulan sampah", "volume", "ton"),
        ("bank sampah", "jumlah", "unit"),
        ("ruang terbuka hijau", "luas", "hektare"),
        ("indeks kualitas udara", "indeks", "poin"),
        ("titik genangan banjir", "jumlah", "titik"),
        ("tempat penampungan sementara", "jumlah", "unit"),
        ("kualitas air sungai Cibanten", "indeks", "poin"),
        ("penanaman pohon", "jumlah", "batang"),
    ),
    "pemerintahan": _subjects(
        ("pegawai negeri sipil", "jumlah", "orang"),
        ("realisasi anggaran belanja", "jumlah", "rupiah"),
        ("aset tanah pemerintah", "luas", "m2"),
        ("pengaduan masyarakat", "jumlah", "aduan"),
        ("izin usaha terbit", "jumlah", "izin"),
        ("peraturan daerah", "jumlah", "dokumen"),
        ("pelanggaran perda", "jumlah", "kasus"),
        ("kejadian kebakaran", "jumlah", "kejadian"),
        ("koleksi perpustakaan daerah", "jumlah", "eksemplar"),
    ),
    "geospasial": _subjects(
        ("batas wilayah kelurahan", "luas", "hektare"),
        ("titik lokasi fasilitas umum", "jumlah", "titik"),
        ("kawasan rawan bencana", "luas", "hektare"),
        ("tutupan lahan", "luas", "hektare"),
        ("jaringan jalan", "panjang", "km"),
    ),
}

# Topics of an OPD, by acronym; kecamatan offices publish population and social data.
_OPD_TOPICS: dict[str, tuple[str, ...]] = {
    "DINKES": ("kesehatan",),
    "RSUD": ("kesehatan",),
    "DISDIKBUD": ("pendidikan",),
    "DISDUKCAPIL": ("kependudukan",),
    "DP3AKB": ("kependudukan", "sosial"),
    "DINSOS": ("sosial",),
    "DISNAKER": ("ekonomi",),
    "DISKOUMPERINDAG": ("ekonomi",),
    "DKPP": ("ekonomi",),
    "DPMPTSP": ("ekonomi", "pemerintahan"),
    "BAPENDA": ("ekonomi",),
    "DISPORAPAR": ("ekonomi",),
    "DPUPR": ("infrastruktur", "geospasial"),
    "DISPERKIM": ("infrastruktur", "lingkungan"),
    "DISHUB": ("infrastruktur",),
    "DLH": ("lingkungan",),
    "BPBD": ("lingkungan", "geospasial"),
    "BAPPEDA": ("ekonomi", "geospasial", "pemerintahan"),
    "DISKOMINFO": ("pemerintahan", "geospasial"),
}
_KECAMATAN_TOPICS = ("kependudukan", "sosial", "pemerintahan")
# Big service OPDs publish most of a portal's datasets.
_HEAVY = frozenset({"DINKES", "DISDIKBUD", "DISDUKCAPIL", "DINSOS", "DPUPR", "BAPENDA"})

DIMENSIONS = (
    "kecamatan",
    "kelurahan",
    "jenis kelamin",
    "kelompok umur",
    "bulan",
    "jenis",
    "status",
    "tingkat pendidikan",
    "kondisi",
    "sumber dana",
)
_TITLE_TEMPLATES = (
    "Jumlah {subjek} menurut {dimensi} di Kota Serang Tahun {tahun}",
    "Data {subjek} per {dimensi} Kota Serang {tahun}",
    "{Ukuran} {subjek} berdasarkan {dimensi} Tahun {tahun}",
    "Rekapitulasi {subjek} di Kecamatan {kecamatan} menurut {dimensi}, {tahun}",
    "{Subjek} Kota Serang menurut {dimensi} Tahun {periode}",
)
_SOURCES = (
    "laporan bulanan puskesmas",
    "aplikasi SIPD",
    "Dapodik",
    "SIAK terpusat",
    "DTKS Kementerian Sosial",
    "survei lapangan",
    "laporan kecamatan",
    "sistem informasi manajemen daerah",
    "rekapitulasi UPT",
)
_DOCUMENTS = ("RPJMD", "RKPD", "LKPJ Wali Kota", "Kota Serang Dalam Angka", "Renstra OPD")
# Words that appear in few notes, so the rare end of free-text search has matches.
_RARE_WORDS = (
    "rob",
    "mangrove",
    "Banten Lama",
    "Karangantu",
    "Sawah Luhur",
    "Kasunyatan",
    "tsunami",
    "rusunawa",
    "e-katalog",
    "zonasi",
    "kampung KB",
    "stunting",
)
_SENTENCES = (
    "Data dihimpun oleh {opd} dari {sumber}.",
    "Angka tahun {tahun} bersifat sementara dan dapat diperbarui.",
    "Satuan yang digunakan adalah {satuan}.",
    "Data ini mendukung penyusunan {dokumen}.",
    "Pemutakhiran dilakukan secara {frekuensi}.",
    "Cakupan wilayah meliputi 6 kecamatan dan 67 kelurahan di Kota Serang.",
    "Rincian per kelurahan tersedia pada lampiran.",
    "Catatan: terdapat penyesuaian definisi terkait {langka} sejak {awal}.",
)

TOPIK = tuple(SUBJECTS)
FREKUENSI = (
    ("tahunan", 50),
    ("bulanan", 15),
    ("semesteran", 10),
    ("triwulanan", 10),
    ("ad_hoc", 8),
    ("harian", 3),
    ("mingguan", 2),
    ("dua_tahunan", 2),
)
LICENSES = (
    ("cc-by", 50),
    ("cc-zero", 15),
    ("odc-by", 10),
    ("other-open", 10),
    ("cc-by-sa", 10),
    ("odc-pddl", 5),
)
FORMATS = (("CSV", 45), ("XLSX", 25), ("PDF", 15), ("JSON", 10), ("SHP", 5))


def _comma_separated(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(","))


# Tag vocabulary in frequency-rank order: generic portal words first, then topics,
# then specific terms. Sampled with weight 1/rank**TAG_EXPONENT.
TAG_VOCABULARY = _comma_separated(
    """
    kota serang, statistik sektoral, data tahunan, kecamatan, kelurahan,
    pelayanan publik, kesehatan, pendidikan, penduduk, ekonomi, sosial, infrastruktur,
    lingkungan hidup, anggaran, pembangunan, keuangan daerah, pajak daerah,
    perencanaan, kesejahteraan, fasilitas umum, sekolah, puskesmas, umkm, jalan,
    sampah, bansos, kemiskinan, tenaga kerja, investasi, perizinan, transportasi,
    kendaraan, pariwisata, pertanian, pangan, perikanan, perdagangan, pasar, koperasi,
    industri, gender, anak, lansia, disabilitas, perempuan, pemuda, olahraga,
    kebudayaan, perpustakaan, arsip, kependudukan, catatan sipil, ktp, akta, kelahiran,
    kematian, imunisasi, gizi, stunting, dbd, tbc, hiv, rumah sakit, obat,
    tenaga kesehatan, guru, murid, paud, beasiswa, putus sekolah, air bersih, sanitasi,
    drainase, banjir, bencana, kebakaran, ruang terbuka hijau, kualitas udara, sungai,
    tata ruang, perumahan, rtlh, rusunawa, permukiman kumuh, jembatan,
    penerangan jalan, parkir, angkutan umum, terminal, lalu lintas, retribusi, pad,
    apbd, aset, pengadaan, asn, pegawai, pelatihan, pengaduan, e-government, website,
    jaringan internet, persandian, keamanan, ketertiban, satpol pp, perda, hukum,
    organisasi masyarakat, pemilu, hotel, restoran, wisata religi, banten lama,
    karangantu, nelayan, padi, palawija, peternakan, harga pangan, inflasi, kb,
    keluarga, kekerasan, perlindungan anak, pkh, dtks, jaminan kesehatan, bpjs,
    posyandu, ibu hamil, balita, kb aktif, migrasi, urbanisasi, peta, geospasial,
    batas wilayah, tutupan lahan, koordinat, mangrove, rob, abrasi, tsunami, gempa,
    zonasi, ppdb, e-katalog, smart city, open data
"""
)
TAG_EXPONENT = 1.0
_TAG_CUMULATIVE = tuple(
    itertools.accumulate(1.0 / (rank**TAG_EXPONENT) for rank in range(1, len(TAG_VOCABULARY) + 1))
)


def opds_from_document(document: Mapping[str, object]) -> list[Opd]:
    """The OPDs of ``opd-kota-serang.yaml`` with the topics they publish on."""
    rows = document.get("opd")
    if not isinstance(rows, list):
        raise ValueError("Dokumen OPD tidak memuat daftar 'opd'")
    opds: list[Opd] = []
    for row in rows:
        acronym = str(row["singkatan"])
        if acronym.startswith("KEC-"):
            topics = _KECAMATAN_TOPICS
        else:
            topics = _OPD_TOPICS.get(acronym, ("pemerintahan",))
        weight = 6 if acronym in _HEAVY else 3 if acronym in _OPD_TOPICS else 1
        opds.append(Opd(name=acronym.lower(), title=str(row["nama"]), topics=topics, weight=weight))
    return opds


def dataset_id(seed: int, index: int) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, f"{seed}:dataset:{index}"))


def generate(
    opds: Sequence[Opd], start: int, stop: int, *, seed: int
) -> Iterator[SyntheticDataset]:
    """Datasets ``start`` … ``stop - 1``; each depends only on ``seed`` and its index."""
    if not opds:
        raise ValueError("Tidak ada OPD")
    cumulative = list(itertools.accumulate(o.weight for o in opds))
    for index in range(start, stop):
        yield _dataset(opds, cumulative, index, seed)


def _dataset(
    opds: Sequence[Opd], opd_cumulative: Sequence[int], index: int, seed: int
) -> SyntheticDataset:
    rng = random.Random(f"{seed}:{index}")
    opd = opds[bisect.bisect_right(opd_cumulative, rng.random() * opd_cumulative[-1])]
    topik = rng.choice(opd.topics)
    subject = rng.choice(SUBJECTS[topik])
    dimension = rng.choice(DIMENSIONS)
    tahun_selesai = rng.randint(2012, 2026)
    tahun_mulai = tahun_selesai - rng.choice((0, 0, 0, 1, 2, 4))
    frekuensi = _weighted(rng, FREKUENSI)
    values = {
        "subjek": subject.text,
        "Subjek": subject.text[0].upper() + subject.text[1:],
        "Ukuran": subject.ukuran.capitalize(),
        "dimensi": dimension,
        "tahun": tahun_selesai,
        "awal": tahun_mulai,
        "periode": f"{tahun_mulai}-{tahun_selesai}"
        if tahun_mulai < tahun_selesai
        else tahun_selesai,
        "kecamatan": rng.choice(KECAMATAN),
        "opd": opd.title,
        "sumber": rng.choice(_SOURCES),
        "satuan": subject.satuan,
        "dokumen": rng.choice(_DOCUMENTS),
        "frekuensi": frekuensi.replace("_", " "),
        "langka": rng.choice(_RARE_WORDS),
    }
    title = rng.choice(_TITLE_TEMPLATES).format(**values)
    opening = (
        f"Dataset ini berisi {subject.ukuran} {subject.text} di Kota Serang yang dirinci "
        f"menurut {dimension} untuk periode {tahun_mulai}–{tahun_selesai}."
    )
    # The rare-word sentence is kept rare: it is one of eight, drawn only sometimes.
    sentences = rng.sample(_SENTENCES, rng.randint(1, 4))
    if rng.random() > 0.25:
        sentences = [s for s in sentences if "{langka}" not in s] or [_SENTENCES[0]]
    notes = " ".join([opening, *(s.format(**values) for s in sentences)])
    created = FIRST_DAY + timedelta(
        seconds=rng.randrange(int((LAST_DAY - FIRST_DAY).total_seconds()))
    )
    modified = created + timedelta(
        seconds=rng.randrange(int((LAST_DAY - created).total_seconds()) + 1)
    )
    name = _name(title, index)
    formats = [_weighted(rng, FORMATS) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    if topik == "geospasial" and "SHP" not in formats:
        formats[0] = "SHP"
    return SyntheticDataset(
        index=index,
        id=dataset_id(seed, index),
        name=name,
        title=title,
        notes=notes,
        organization=opd.name,
        license_id=_weighted(rng, LICENSES),
        private=rng.random() < PRIVATE_SHARE,
        created=created,
        modified=modified,
        tags=_tags(rng, topik),
        topik=topik,
        frekuensi=frekuensi,
        tahun_mulai=tahun_mulai,
        tahun_selesai=tahun_selesai,
        ukuran=subject.ukuran,
        satuan=subject.satuan,
        resources=tuple(
            _resource(seed, index, position, fmt, subject, tahun_selesai, name)
            for position, fmt in enumerate(formats)
        ),
    )


def _resource(
    seed: int, index: int, position: int, fmt: str, subject: Subject, tahun: int, dataset_name: str
) -> SyntheticResource:
    resource_id = str(uuid.uuid5(_ID_NAMESPACE, f"{seed}:resource:{index}:{position}"))
    file_name = f"{_slug(subject.text)}-{tahun}.{fmt.lower()}"
    kind = "Peta" if fmt == "SHP" else "Laporan" if fmt == "PDF" else "Tabel"
    return SyntheticResource(
        id=resource_id,
        name=f"{kind} {subject.text} {tahun}",
        description=f"{kind} {subject.text} Kota Serang tahun {tahun} dalam format {fmt}.",
        format=fmt,
        url=(
            "https://satudata.serangkota.go.id/dataset/"
            f"{dataset_name}/resource/{resource_id}/download/{file_name}"
        ),
        position=position,
    )


def _tags(rng: random.Random, topik: str) -> tuple[str, ...]:
    wanted = rng.randint(2, 6)
    chosen: list[str] = []
    if rng.random() < 0.5 and topik in TAG_VOCABULARY:
        chosen.append(topik)
    total = _TAG_CUMULATIVE[-1]
    while len(chosen) < wanted:
        tag = TAG_VOCABULARY[bisect.bisect_right(_TAG_CUMULATIVE, rng.random() * total)]
        if tag not in chosen:
            chosen.append(tag)
    return tuple(chosen)


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _name(title: str, index: int) -> str:
    suffix = f"-{index:06d}"
    return _slug(title)[: NAME_MAX_LENGTH - len(suffix)].rstrip("-") + suffix


def index_of(name: str) -> int | None:
    """The index of a generated dataset from its name (None for other datasets)."""
    match = INDEX_SUFFIX.search(name)
    return int(match.group(1)) if match else None
