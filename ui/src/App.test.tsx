import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { App } from "./App";
import type { AppError, ArchitectureData } from "./bindings";

const architecture: ArchitectureData = {
  name: "Support assistant",
  boundaries: [],
  components: [
    { id: "chat", kind: "client_app", label: "Chat UI", boundary: null, properties: {}, position: { x: 0, y: 0 } },
  ],
  flows: [],
};

afterEach(() => {
  clearMocks();
});

describe("App", () => {
  it("shows the architecture the Rust side returns", async () => {
    mockIPC((cmd) => (cmd === "current_architecture" ? architecture : undefined));
    render(<App />);
    expect(await screen.findByText("Chat UI")).toBeDefined();
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Support assistant");
  });

  it("says why the architecture could not be loaded", async () => {
    mockIPC(() => {
      throw new Error("boom");
    });
    render(<App />);
    await waitFor(() => {
      expect(screen.getByRole("alert").textContent).toContain("could not be loaded");
    });
  });
});

describe("renaming a selected component", () => {
  it("shows the message chosen by the error's code when Rust rejects the label", async () => {
    const error: AppError = { code: "invalid_label", message: "a component's label must not be empty" };
    mockIPC((cmd) => {
      if (cmd === "current_architecture") return architecture;
      // Tauri delivers a command's Err as the rejection reason, a plain object.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject(error);
    });
    const { container } = render(<App />);
    await screen.findByText("Chat UI");
    const node = container.querySelector('.react-flow__node[data-id="chat"]');
    if (!node) throw new Error("the chat node is on the canvas");
    fireEvent.click(node);
    const input = await screen.findByLabelText("Label");
    fireEvent.change(input, { target: { value: " " } });
    fireEvent.click(screen.getByRole("button", { name: "Rename" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "A label must have between 1 and 200 characters.",
    );
  });
});
