"""All configuration, from the environment (or a .env file), validated once at start-up."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Embedded Chroma, lexical index, models.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL; embedded when unset.")
    embedding_model: str = Field(
        default="auto",
        description="'auto' (multilingual USE, falling back to all-MiniLM-L6-v2), 'use-multilingual', "
                    "or 'st:<sentence-transformers model name or path>'.",
    )
    models_dir: Path | None = Field(default=None, description="Where model files live; DATA_DIR/models.")
    knowledge_refresh_seconds: float = Field(default=2.0, ge=0.0)
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint; no LLM when unset.")
    llm_model: str = Field(default="gpt-4o-mini", description="Chat model name at that endpoint.")
    llm_api_key: SecretStr = Field(default=SecretStr(""), description="API key for the LLM endpoint.")
    llm_timeout_seconds: float = Field(default=8.0, gt=0.0, description="After this, answer without the LLM.")

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def resolved_models_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"
