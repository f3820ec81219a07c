"""The profile picker of the Environment panel: which profile, which emulator (LocalStack, MiniStack, Floci,
moto), and the LocalStack auth token, kept in the OS keyring (never in a file) and never shown once stored."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from lambdadesk.core.emulator_image import LOCALSTACK_COMMUNITY
from lambdadesk.core.profile import EmulatorKind, Profile
from lambdadesk.ui.environment.profile_view_model import ProfileViewModel

EMULATORS = {EmulatorKind.LOCALSTACK: "LocalStack", EmulatorKind.MINISTACK: "MiniStack", EmulatorKind.FLOCI: "Floci",
             EmulatorKind.MOTO: "moto"}
TOKEN_SOURCES = {
    "environment": "Token: from LOCALSTACK_AUTH_TOKEN (latest LocalStack).",
    "keyring": "Token: stored in the OS keyring (latest LocalStack).",
    "": f"No token: LocalStack runs as {LOCALSTACK_COMMUNITY}, the last release that needs none.",
}


class ProfilePicker(QWidget):
    def __init__(self, view_model: ProfileViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.profile = QComboBox()
        self.profile.setToolTip("Profiles are files in lambdadesk's config folder (lambdadesk profile list)")
        self.emulator = QComboBox()
        for kind, label in EMULATORS.items():
            self.emulator.addItem(label, kind.value)
        self.emulator.setToolTip("MiniStack, Floci and moto are free alternatives; LocalStack's latest image needs a "
                                 "token")
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText("LocalStack auth token")
        self.store_button = QPushButton("Store token")
        self.store_button.setToolTip("Kept in the OS keyring, never in a file or a log")
        self.forget_button = QPushButton("Forget")
        self.token_state = QLabel()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((QLabel("Profile"), 0), (self.profile, 0), (QLabel("Emulator"), 0),
                                (self.emulator, 0), (self.token, 1), (self.store_button, 0), (self.forget_button, 0)):
            row.addWidget(widget, stretch)
        self.show_profile(view_model.profile)

        self.profile.activated.connect(lambda _index: self.vm.profile_requested(self.profile.currentText()))
        self.emulator.activated.connect(lambda _index: self.vm.emulator_requested(self.emulator.currentData()))
        self.store_button.clicked.connect(self._on_store_clicked)
        self.token.returnPressed.connect(self._on_store_clicked)
        self.forget_button.clicked.connect(self.vm.token_forgotten)
        view_model.profile_changed.connect(self.show_profile)
        view_model.token_changed.connect(self.show_token_source)

    def show_profile(self, profile: Profile) -> None:
        self.profile.clear()
        self.profile.addItems(sorted(set(self.vm.profile_names()) | {profile.name}))
        self.profile.setCurrentText(profile.name)
        self.emulator.setCurrentIndex(self.emulator.findData(profile.emulator.value))
        localstack = profile.emulator is EmulatorKind.LOCALSTACK
        for widget in (self.token, self.store_button, self.forget_button, self.token_state):
            widget.setVisible(localstack)
        self.show_token_source(self.vm.token_source())

    def show_token_source(self, source: str) -> None:
        image = self.vm.profile.emulator_image
        if image and not source:
            self.token_state.setText(f"No token: the profile runs {image}.")
        else:
            self.token_state.setText(TOKEN_SOURCES.get(source, ""))
        self.forget_button.setEnabled(source == "keyring")
        self.token.clear()  # a stored token does not stay in the field
        problem = self.vm.keyring_problem()
        for widget in (self.token, self.store_button):
            widget.setEnabled(not problem)
            widget.setToolTip(f"Cannot store a token: {problem}. Set LOCALSTACK_AUTH_TOKEN before starting "
                              "lambdadesk instead." if problem else "Kept in the OS keyring, never in a file or a log")

    def _on_store_clicked(self) -> None:
        self.vm.token_entered(self.token.text())  # masked; cleared once stored, kept when storing fails
